# Messages of src/serve (see cli.ftl for the conventions).
