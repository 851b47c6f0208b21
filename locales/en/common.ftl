# Words shared by every message: severities and the hint line.
severity-error = error
severity-warning = warning
diagnostic-help = help

# What the system said about a file, a folder or a network address (i18n::io_error).
io-not-found = it does not exist
io-permission-denied = permission denied (this user may not read or write it)
io-already-exists = something of that name already exists
io-storage-full = the disk is full
io-quota-exceeded = the disk quota is used up
io-read-only = the disk is read-only
io-is-a-directory = it is a folder, not a file
io-not-a-directory = it is a file, not a folder
io-directory-not-empty = the folder is not empty
io-invalid-data = its contents cannot be read (not UTF-8 text?)
io-address-in-use = the address is already in use by another program
io-address-not-available = this computer has no such address
io-timed-out = it took too long and was given up
io-interrupted = it was interrupted
io-file-too-large = the file is too large for this disk
io-crosses-devices = it would cross from one disk to another
io-too-many-links = too many links
io-invalid-filename = the name is not a valid file name here
io-busy = it is in use by another program
io-other-code = the system reported error { $code }
io-other = the system reported an error
