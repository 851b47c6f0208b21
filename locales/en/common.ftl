# Words shared by every message: severities and the hint line.
severity-error = error
severity-warning = warning
diagnostic-help = help
