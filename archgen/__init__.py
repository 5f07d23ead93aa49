"""archgen: from a requirements questionnaire to a reviewed, publishable architecture design."""

__version__ = "0.1.0"
