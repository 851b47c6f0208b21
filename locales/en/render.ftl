# Messages of src/render (see cli.ftl for the conventions).
