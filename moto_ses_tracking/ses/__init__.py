"""The SES API v1 (2010-12-01) part of the extension, laid out like ``moto/ses``."""
