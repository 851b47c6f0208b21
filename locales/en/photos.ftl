# Messages of src/photos: photos that cannot be published (see cli.ftl for the conventions).
# Each is reported at every reference to the photo (a figure's src, a Markdown image).

photo-label = this photo
photo-heic = { $file } is a HEIC photo (as an iPhone saves them), which browsers cannot show and shequ cannot read
    .help = convert it to JPEG and use the .jpg instead (on the iPhone, Settings › Camera › Formats › Most Compatible takes JPEG photos from now on; on a Mac, open it in Preview and choose File › Export › JPEG)
photo-avif = { $file } is an AVIF image, which shequ cannot read
photo-convert =
    .help = convert it to JPEG (any image program can: open it and save or export it as JPEG) and use the .jpg instead
photo-not-an-image = { $file } is named like a photo but holds no JPEG, PNG or WebP image
    .help = the file may be something else renamed, or cut short to nothing: replace it with the photo itself, saved as JPEG
photo-truncated = { $file } is a { $format } photo cut short: its end is missing
photo-damaged = { $file } cannot be read as a { $format } image: { $why }
    .help = the file is damaged or was not copied whole: copy it again from the camera or phone, or open it in an image program and save it again as JPEG
photo-too-many-pixels = { $file } has { $width } × { $height } pixels ({ $megapixels } megapixels), more than the { $limit } megapixels a photo may have
    .help = make it smaller in an image program (4000 pixels wide is plenty), or raise max_megapixels under [photos] in config.toml
photo-too-big = { $file } has { $size } MB, more than the { $limit } MB a photo may have
    .help = export it smaller (as JPEG, 4000 pixels wide at most), or raise max_megabytes under [photos] in config.toml
photo-unreadable = { $file } cannot be read: { $why }
photo-encode = { $file } could not be encoded: { $why }
photo-clash = { $file } would be published as { $path }, which { $other } is published as already
    .help = rename one of the two files
photo-cache-unreadable = cannot read the processed photo { $path } from the photo cache: { $why }
    .help = delete the folder .shequ/cache/photos in the site's root and build again
