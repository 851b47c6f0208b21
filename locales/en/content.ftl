# Messages of src/content (see cli.ftl for the conventions).
