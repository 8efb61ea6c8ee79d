"""SES open- and click-tracking options for moto.

``activate()`` adds CreateConfigurationSetTrackingOptions,
UpdateConfigurationSetTrackingOptions, DeleteConfigurationSetTrackingOptions
and the ``trackingOptions`` attribute of DescribeConfigurationSet to moto's
SES mock, and ``deactivate()`` removes them. Importing this package imports no
moto module: moto's SES modules load on the first ``activate()``.
"""

from .activation import activate, applied_patches, deactivate, is_active

__all__ = ["__version__", "activate", "applied_patches", "deactivate", "is_active"]

__version__ = "0.1.0"
