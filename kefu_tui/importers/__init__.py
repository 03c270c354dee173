"""Legacy exports (CSV/XLSX, UTF-8/GBK/GB18030) into rows with reasons for rejects."""
