"""The annual report on government information disclosure (国办公开办函〔2021〕30号 format)."""
