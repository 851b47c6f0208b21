# src/model、src/index、src/pipeline 与 src/text 的消息（约定见 cli.ftl）。

# 两样东西会用到网站上的同一个地址（src/model）。
build-url-taken = 两个页面会写到同一个网址 /{ $path }：{ $first } 和 { $second }
    .help-slug = 请在其中一个文件的头部信息里另写一个 slug
    .help-area = 居民区名称只差标点、空格或看不见的字符时，会得到同一个网址：请处处用同一种写法，或在 config.toml 里给每个居民区写上自己的 slug（[areas."…"] slug = "…"）
    .help-partner = 合作伙伴名称只差标点、空格或看不见的字符时，会得到同一个网址：请处处用同一种写法，或在 config.toml 的 [partner_aliases] 里把其中一个写成另一个的别名
build-url-taken-area = 居民区“{ $name }”（见 { $file }）
build-url-taken-partner = 合作伙伴“{ $name }”（见 { $file }）
build-issue-url-empty = 期刊文件夹名“{ $dir }”生成不了可读的网址
    .help = 请给文件夹改个名，或在它的 _index.md 里写上 slug = "…"
build-issue-url-reserved = 期刊文件夹名“{ $dir }”对应的网址 /{ $slug }/ 已留给 shequ 自己生成的页面
build-area-no-slug = 居民区“{ $name }”生成不了可读的网址（slug）
    .help = 请在 config.toml 里加上 [areas."{ $name }"] slug = "…"
build-case-no-slug = 文件名“{ $name }”生成不了可读的网址
    .help = 请在它的头部信息里写上 slug = "…"（小写字母、数字和连字符 -）

# 不能用的 slug（页面在网址里的名字）（src/text）。
# 生成结束时（src/pipeline）。
build-summary = 已生成 { $cases } 个案例、{ $issues } 期、{ $areas } 个居民区：{ $pages } 个页面（其中 { $rendered } 个重新生成），{ $files } 个文件（写入 { $written } 个，删除 { $removed } 个），用时 { $millis } 毫秒
build-failed = 错误：生成失败，共 { $errors } 个错误、{ $warnings } 个警告；没有写入任何文件
