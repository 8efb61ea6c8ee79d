"""The SES API v2 (2019-09-27) part of the extension, laid out like ``moto/sesv2``."""
