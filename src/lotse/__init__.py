"""lotse: a terminal referral assistant for migration and labour-market advisers."""

__version__ = "0.1.0"
