# Messages of src/build (see cli.ftl for the conventions).
