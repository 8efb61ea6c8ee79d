/**
 * SES API v2 tracking options through the AWS SDK for JavaScript v3
 * (@aws-sdk/client-sesv2), against moto-ses-tracking in server mode, and the
 * state that API v1 shares with it.
 *
 * tests/test_server_js.py starts the server and passes its URL in
 * MOTO_SES_TRACKING_ENDPOINT. Every test resets moto's state, creates the
 * configuration set SET_NAME through API v2 and verifies VERIFIED_DOMAIN.
 */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import {
  BadRequestException,
  CreateConfigurationSetCommand,
  CreateEmailIdentityCommand,
  DeleteConfigurationSetCommand,
  GetConfigurationSetCommand,
  NotFoundException,
  PutConfigurationSetTrackingOptionsCommand,
  SESv2Client,
} from "@aws-sdk/client-sesv2";
import {
  CreateConfigurationSetTrackingOptionsCommand,
  DescribeConfigurationSetCommand,
  SESClient,
  TrackingOptionsAlreadyExistsException,
} from "@aws-sdk/client-ses";

const ENDPOINT = process.env.MOTO_SES_TRACKING_ENDPOINT;
if (!ENDPOINT) {
  throw new Error(
    "MOTO_SES_TRACKING_ENDPOINT is not set: run these tests through tests/test_server_js.py, " +
      "or set it to the URL of a running moto-ses-tracking-server",
  );
}

const SET_NAME = "tracked-v2";
const VERIFIED_DOMAIN = "example.com";
const TRACKING_DOMAIN = "click.example.com";
const TEST_TIMEOUT_MS = 30_000;

const clientOptions = {
  endpoint: ENDPOINT,
  region: "us-east-1",
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  maxAttempts: 1,
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 20_000 },
};
const sesv2 = new SESv2Client(clientOptions);
const ses = new SESClient(clientOptions);

async function resetServer() {
  const response = await fetch(`${ENDPOINT}/moto-api/reset`, {
    method: "POST",
    signal: AbortSignal.timeout(10_000),
  });
  assert.equal(response.status, 200);
}

function putOptions(members, name = SET_NAME) {
  return sesv2.send(
    new PutConfigurationSetTrackingOptionsCommand({ ConfigurationSetName: name, ...members }),
  );
}

async function storedOptions(name = SET_NAME) {
  const response = await sesv2.send(new GetConfigurationSetCommand({ ConfigurationSetName: name }));
  return response.TrackingOptions;
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

describe("SES API v2 tracking options", () => {
  beforeEach(async () => {
    await resetServer();
    await sesv2.send(new CreateConfigurationSetCommand({ ConfigurationSetName: SET_NAME }));
    await sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: VERIFIED_DOMAIN }));
  });

  test("put stores domain and policy", { timeout: TEST_TIMEOUT_MS }, async () => {
    const response = await putOptions({
      CustomRedirectDomain: TRACKING_DOMAIN,
      HttpsPolicy: "REQUIRE",
    });
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.deepEqual(await storedOptions(), {
      CustomRedirectDomain: TRACKING_DOMAIN,
      HttpsPolicy: "REQUIRE",
    });
  });

  test("put without members removes options", { timeout: TEST_TIMEOUT_MS }, async () => {
    await putOptions({ CustomRedirectDomain: TRACKING_DOMAIN });
    await putOptions({});
    assert.equal(await storedOptions(), undefined);
  });

  test("put on missing set is 404", { timeout: TEST_TIMEOUT_MS }, async () => {
    const error = await rejectionOf(putOptions({ CustomRedirectDomain: TRACKING_DOMAIN }, "absent"));
    assert.ok(error instanceof NotFoundException, `got ${error.name}`);
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  const badRequests = [
    { name: "policy without domain", members: { HttpsPolicy: "REQUIRE" } },
    { name: "empty domain", members: { CustomRedirectDomain: "" } },
    { name: "invalid domain", members: { CustomRedirectDomain: "https://click.example.com" } },
    { name: "unverified domain", members: { CustomRedirectDomain: "click.other.org" } },
    {
      name: "policy outside enum",
      members: { CustomRedirectDomain: TRACKING_DOMAIN, HttpsPolicy: "ALWAYS" },
    },
  ];
  for (const { name, members } of badRequests) {
    test(`put ${name} is 400`, { timeout: TEST_TIMEOUT_MS }, async () => {
      const error = await rejectionOf(putOptions(members));
      assert.ok(error instanceof BadRequestException, `got ${error.name}`);
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(await storedOptions(), undefined);
    });
  }

  test("create with bad options leaves no set", { timeout: TEST_TIMEOUT_MS }, async () => {
    const error = await rejectionOf(
      sesv2.send(
        new CreateConfigurationSetCommand({
          ConfigurationSetName: "rejected",
          TrackingOptions: { CustomRedirectDomain: "click.other.org" },
        }),
      ),
    );
    assert.ok(error instanceof BadRequestException, `got ${error.name}`);
    const missing = await rejectionOf(storedOptions("rejected"));
    assert.ok(missing instanceof NotFoundException, `got ${missing.name}`);
  });

  test("get missing set is 404", { timeout: TEST_TIMEOUT_MS }, async () => {
    const error = await rejectionOf(storedOptions("absent"));
    assert.ok(error instanceof NotFoundException, `got ${error.name}`);
    assert.equal(error.$metadata.httpStatusCode, 404);
  });

  test("delete missing set is 404", { timeout: TEST_TIMEOUT_MS }, async () => {
    const error = await rejectionOf(
      sesv2.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: "absent" })),
    );
    assert.ok(error instanceof NotFoundException, `got ${error.name}`);
  });

  test("v2 put is seen by v1", { timeout: TEST_TIMEOUT_MS }, async () => {
    await putOptions({ CustomRedirectDomain: TRACKING_DOMAIN, HttpsPolicy: "REQUIRE" });
    const described = await ses.send(
      new DescribeConfigurationSetCommand({
        ConfigurationSetName: SET_NAME,
        ConfigurationSetAttributeNames: ["trackingOptions"],
      }),
    );
    assert.deepEqual(described.TrackingOptions, { CustomRedirectDomain: TRACKING_DOMAIN });
  });

  test("v2 put blocks v1 create", { timeout: TEST_TIMEOUT_MS }, async () => {
    await putOptions({ CustomRedirectDomain: TRACKING_DOMAIN });
    const error = await rejectionOf(
      ses.send(
        new CreateConfigurationSetTrackingOptionsCommand({
          ConfigurationSetName: SET_NAME,
          TrackingOptions: { CustomRedirectDomain: TRACKING_DOMAIN },
        }),
      ),
    );
    assert.ok(error instanceof TrackingOptionsAlreadyExistsException, `got ${error.name}`);
  });

  test("v1 create is seen by v2", { timeout: TEST_TIMEOUT_MS }, async () => {
    await ses.send(
      new CreateConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: SET_NAME,
        TrackingOptions: { CustomRedirectDomain: TRACKING_DOMAIN },
      }),
    );
    assert.deepEqual(await storedOptions(), { CustomRedirectDomain: TRACKING_DOMAIN });
  });
});
