"""kefu 客服工作台 — the customer-service workstation of a courier branch."""

__version__ = "0.1.0"
