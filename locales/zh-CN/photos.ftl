# src/photos 的消息：不能发布的照片（约定见 cli.ftl）。
# 每条消息都报在引用这张照片的每个地方（插图的 src、Markdown 图片）。

photo-label = 这张照片
photo-heic = { $file } 是 HEIC 格式的照片（iPhone 默认保存的格式），浏览器显示不了，shequ 也读不了
    .help = 请把它转成 JPEG，改用 .jpg 文件（在 iPhone 上，“设置 › 相机 › 格式 › 兼容性最佳”以后就拍 JPEG；在 Mac 上，用“预览”打开，选“文件 › 导出 › JPEG”）
photo-avif = { $file } 是 AVIF 格式的图片，shequ 读不了
photo-convert =
    .help = 请把它转成 JPEG（任何图片软件都可以：打开后另存为或导出为 JPEG），改用 .jpg 文件
photo-not-an-image = { $file } 的名字像照片，里面却不是 JPEG、PNG 或 WebP 图片
    .help = 它可能是改了名字的其他文件，或者只复制了零星一点：请换成照片本身，存为 JPEG
photo-truncated = { $file } 是一张不完整的 { $format } 照片：结尾缺了
photo-damaged = { $file } 不能作为 { $format } 图片读取：{ $why }
    .help = 文件坏了或没有复制完整：请从相机或手机重新复制一次，或者用图片软件打开后重新存为 JPEG
photo-too-many-pixels = { $file } 有 { $width } × { $height } 像素（{ $megapixels } 百万像素），超过了一张照片最多可有的 { $limit } 百万像素
    .help = 请用图片软件把它缩小（宽 4000 像素足够），或者在 config.toml 的 [photos] 里调高 max_megapixels
photo-too-big = { $file } 有 { $size } MB，超过了一张照片最多可有的 { $limit } MB
    .help = 请导出一张小一些的（JPEG，宽最多 4000 像素），或者在 config.toml 的 [photos] 里调高 max_megabytes
photo-unreadable = 读不了 { $file }：{ $why }
photo-encode = { $file } 无法编码：{ $why }
photo-clash = { $file } 要发布成 { $path }，但 { $other } 已经发布成这个文件
    .help = 请把两个文件中的一个改名
photo-cache-unreadable = 无法从照片缓存读取处理好的照片 { $path }：{ $why }
    .help = 请删掉网站根目录里的 .shequ/cache/photos 文件夹，再生成一次
