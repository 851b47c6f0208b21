# Messages of src/output (see cli.ftl for the conventions).
