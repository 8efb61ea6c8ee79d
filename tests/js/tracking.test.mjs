/**
 * SES API v1 tracking options through the AWS SDK for JavaScript v3, against
 * moto-ses-tracking in server mode.
 *
 * tests/test_server_js.py starts the server and runs `node --test` on every
 * *.test.mjs file here, with the server's URL in MOTO_SES_TRACKING_ENDPOINT.
 * API v2 tests (@aws-sdk/client-sesv2, already in package.json) belong in a
 * file of their own beside this one, which that runner then picks up.
 *
 * Every test resets moto's state through POST /moto-api/reset, then creates
 * the configuration set SET_NAME and verifies the domain identity
 * VERIFIED_DOMAIN. Errors are checked by the SDK's own exception classes,
 * which the SDK picks from the wire code, and by the HTTP status.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import {
  ConfigurationSetDoesNotExistException,
  CreateConfigurationSetCommand,
  CreateConfigurationSetTrackingOptionsCommand,
  DeleteConfigurationSetTrackingOptionsCommand,
  DescribeConfigurationSetCommand,
  InvalidTrackingOptionsException,
  SESClient,
  SESServiceException,
  TrackingOptionsAlreadyExistsException,
  TrackingOptionsDoesNotExistException,
  UpdateConfigurationSetTrackingOptionsCommand,
  VerifyDomainIdentityCommand,
} from "@aws-sdk/client-ses";

const ENDPOINT = process.env.MOTO_SES_TRACKING_ENDPOINT;
if (!ENDPOINT) {
  throw new Error(
    "MOTO_SES_TRACKING_ENDPOINT is not set: run these tests through tests/test_server_js.py, " +
      "or set it to the URL of a running moto-ses-tracking-server",
  );
}

const SET_NAME = "tracked";
const VERIFIED_DOMAIN = "example.com";
const TRACKING_DOMAIN = "click.example.com";
const TEST_TIMEOUT_MS = 30_000;

// One attempt, so that a 5xx fails the test at once instead of being retried.
const ses = new SESClient({
  endpoint: ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
});

async function resetServer() {
  const response = await fetch(`${ENDPOINT}/moto-api/reset`, {
    method: "POST",
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(response.status, 200);
}

function createOptions(name = SET_NAME, domain = TRACKING_DOMAIN) {
  return ses.send(
    new CreateConfigurationSetTrackingOptionsCommand({
      ConfigurationSetName: name,
      TrackingOptions: { CustomRedirectDomain: domain },
    }),
  );
}

function updateOptions(name = SET_NAME, domain = TRACKING_DOMAIN) {
  return ses.send(
    new UpdateConfigurationSetTrackingOptionsCommand({
      ConfigurationSetName: name,
      TrackingOptions: { CustomRedirectDomain: domain },
    }),
  );
}

function deleteOptions(name = SET_NAME) {
  return ses.send(new DeleteConfigurationSetTrackingOptionsCommand({ ConfigurationSetName: name }));
}

function describeSet(name = SET_NAME, attributes = ["trackingOptions"]) {
  return ses.send(
    new DescribeConfigurationSetCommand({
      ConfigurationSetName: name,
      ConfigurationSetAttributeNames: attributes,
    }),
  );
}

/** Await a request that must fail and return its error. */
async function rejectionOf(request) {
  try {
    await request;
  } catch (error) {
    return error;
  }
  assert.fail("the request succeeded, but an error was expected");
}

describe("SES API v1 tracking options", () => {
  beforeEach(async () => {
    await resetServer();
    await ses.send(new CreateConfigurationSetCommand({ ConfigurationSet: { Name: SET_NAME } }));
    await ses.send(new VerifyDomainIdentityCommand({ Domain: VERIFIED_DOMAIN }));
  });

  test("create returns status 200", { timeout: TEST_TIMEOUT_MS }, async () => {
    const response = await createOptions();
    assert.equal(response.$metadata.httpStatusCode, 200);
  });

  test("describe returns created domain", { timeout: TEST_TIMEOUT_MS }, async () => {
    await createOptions();
    const response = await describeSet();
    assert.deepEqual(response.TrackingOptions, { CustomRedirectDomain: TRACKING_DOMAIN });
  });

  test("describe omits unrequested options", { timeout: TEST_TIMEOUT_MS }, async () => {
    await createOptions();
    const response = await describeSet(SET_NAME, ["eventDestinations"]);
    assert.equal(response.TrackingOptions, undefined);
  });

  test("update replaces domain", { timeout: TEST_TIMEOUT_MS }, async () => {
    await createOptions();
    const response = await updateOptions(SET_NAME, "links.example.com");
    assert.equal(response.$metadata.httpStatusCode, 200);
    const described = await describeSet();
    assert.deepEqual(described.TrackingOptions, { CustomRedirectDomain: "links.example.com" });
  });

  test("delete removes options", { timeout: TEST_TIMEOUT_MS }, async () => {
    await createOptions();
    const response = await deleteOptions();
    assert.equal(response.$metadata.httpStatusCode, 200);
    const described = await describeSet();
    assert.equal(described.TrackingOptions, undefined);
  });

  // withOptions: create tracking options on SET_NAME before the request.
  // setName: the ConfigurationSetName member the error must carry, or undefined.
  const errorCases = [
    {
      name: "create missing set",
      withOptions: false,
      request: () => createOptions("absent"),
      errorClass: ConfigurationSetDoesNotExistException,
      setName: "absent",
    },
    {
      name: "create unverified domain",
      withOptions: false,
      request: () => createOptions(SET_NAME, "click.other.org"),
      errorClass: InvalidTrackingOptionsException,
      setName: undefined,
    },
    {
      name: "create invalid domain",
      withOptions: false,
      request: () => createOptions(SET_NAME, "-bad-.example.com"),
      errorClass: InvalidTrackingOptionsException,
      setName: undefined,
    },
    {
      name: "create already exists",
      withOptions: true,
      request: () => createOptions(),
      errorClass: TrackingOptionsAlreadyExistsException,
      setName: SET_NAME,
    },
    {
      name: "update missing set",
      withOptions: false,
      request: () => updateOptions("absent"),
      errorClass: ConfigurationSetDoesNotExistException,
      setName: "absent",
    },
    {
      name: "update unverified domain",
      withOptions: true,
      request: () => updateOptions(SET_NAME, "click.other.org"),
      errorClass: InvalidTrackingOptionsException,
      setName: undefined,
    },
    {
      name: "update does not exist",
      withOptions: false,
      request: () => updateOptions(),
      errorClass: TrackingOptionsDoesNotExistException,
      setName: SET_NAME,
    },
    {
      name: "delete missing set",
      withOptions: false,
      request: () => deleteOptions("absent"),
      errorClass: ConfigurationSetDoesNotExistException,
      setName: "absent",
    },
    {
      name: "delete does not exist",
      withOptions: false,
      request: () => deleteOptions(),
      errorClass: TrackingOptionsDoesNotExistException,
      setName: SET_NAME,
    },
    {
      name: "describe missing set",
      withOptions: false,
      request: () => describeSet("absent"),
      errorClass: ConfigurationSetDoesNotExistException,
      setName: "absent",
    },
  ];

  for (const errorCase of errorCases) {
    test(errorCase.name, { timeout: TEST_TIMEOUT_MS }, async () => {
      if (errorCase.withOptions) {
        await createOptions();
      }

      const error = await rejectionOf(errorCase.request());

      assert.ok(
        error instanceof errorCase.errorClass,
        `expected ${errorCase.errorClass.name}, got ${error?.name}: ${error?.message}`,
      );
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(error.ConfigurationSetName, errorCase.setName);
    });
  }

  test("describe bad attribute is ValidationError", { timeout: TEST_TIMEOUT_MS }, async () => {
    const error = await rejectionOf(describeSet(SET_NAME, ["everything"]));
    assert.ok(error instanceof SESServiceException, `got ${error?.name}: ${error?.message}`);
    assert.equal(error.name, "ValidationError");
    assert.equal(error.$metadata.httpStatusCode, 400);
  });

  test("failed update keeps domain", { timeout: TEST_TIMEOUT_MS }, async () => {
    await createOptions();
    await rejectionOf(updateOptions(SET_NAME, "click.other.org"));
    const described = await describeSet();
    assert.deepEqual(described.TrackingOptions, { CustomRedirectDomain: TRACKING_DOMAIN });
  });
});
