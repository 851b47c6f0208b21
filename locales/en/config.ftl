# Messages of src/config (see cli.ftl for the conventions).
