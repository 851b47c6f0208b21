# src/config 和 src/scaffold.rs 的消息（约定见 cli.ftl）。

# 读取 config.toml。
config-unreadable = 无法读取网站设置文件：{ $why }
    .too-large = 文件超过了设置文件允许的 { $kb } KB
    .not-file = 它不是普通文件
    .help-not-file = config.toml 必须是普通的文本文件，请换成这样的文件
    .help = 请在网站所在的文件夹（放 config.toml 的那个）里运行 shequ，或者加上 --root 文件夹
config-invalid = config.toml 有误：{ $problem }
    .help = 《编辑指南》（docs/编辑指南.md）列出了 config.toml 的每一项设置和写法示例
config-list-sep = 、

# toml 和 serde 报的错，换成编辑看得懂的话（config/toml_error.rs）。
config-toml-unquoted = 文字要用英文双引号括起来，例如 title = "纺大"
config-toml-unclosed-string = 引号里的文字没有结束：请在同一行末尾补上英文双引号 "
config-toml-duplicate = 这个名称写了两次，请只保留一个
config-toml-no-equals = 名称后面缺少 = 和值：应写成“名称 = 值”，例如 title = "纺大"
config-toml-list-comma = 列表的两项之间缺少英文逗号，例如 ["社区", "社区志愿者"]
config-toml-list-unclosed = 列表没有结束：请在最后补上 ]
config-toml-list-extra-comma = 列表里连着写了两个逗号，请删掉一个
config-toml-heading-unclosed = 像 [areas."纺大"] 或 [[figures]] 这样的标题行没有结束：请补上 ]（[[ 开头的要补 ]]）
config-toml-after-value = 值的后面同一行还有别的内容：每个“名称 = 值”要单独占一行（备注以 # 开头）
config-toml-boolean = 请写 true 或 false，用小写字母，不加引号
config-toml-date = 这个日期不存在，或者不是 2023-10-05 这样的写法：请把日期放进引号里，例如 date = "2023-10-05"
config-toml-number = 这个数字无法识别：请写整数，例如 1，不加引号，前面也不要加 0
config-toml-no-name = 这一行以 = 开头：请在前面写上名称，例如 title = "纺大"
config-toml-backslash = 引号里的反斜杠 \ 表示特殊符号；如果就是要写反斜杠，请连写两个：\\
config-toml-other = 这一行无法识别：请检查引号和方括号是否成对，等号、逗号、引号是否都是英文标点
config-toml-too-large = 这个数字太大了
config-toml-negative = { $key } 应该是 0 或更大的整数，前面不要加负号
config-toml-missing = 缺少 { $field }
config-toml-unknown = 没有 { $field } 这项设置
    .meant = 是不是想写 { $meant }？
    .known = 这里可用的设置有：{ $known }
config-toml-should-be = { $key } 应该是{ $expected }；这里写的是{ $found }
    .no-key = 这里应该是{ $expected }；写的却是{ $found }
config-kind = { $kind ->
        [text] 用英文双引号括起来的文字
        [list] 一个列表，例如 ["社区", "社区志愿者"]
        [yes-no] true 或 false，不加引号
        [whole-number] 整数，不加引号
        [number] 数字，不加引号
        [group] 一组设置
       *[other] 别的类型的值
    }
config-found =
    .text = 带引号的文字 { $value }
    .number = 数字 { $value }
    .yes-no = { $value }
    .list = 一个列表
    .date = 不带引号的日期 { $value }
    .group = 一组字段
    .other = 别的类型的值

# base_url 和 --base-url。
config-base-url = { $source ->
        [option] --base-url 选项
       *[config] base_url
    } { $url } { $problem ->
        [query] 带有查询部分（从“?”开始的部分），会让所有链接失效
        [fragment] 带有锚点部分（从“#”开始的部分），会让所有链接失效
        [space] 含有空格或控制字符，会让所有链接失效
       *[absolute] 不是完整的网址：应以 https:// 或 http:// 开头，后面跟着域名
    }
    .help = 请写网站首页的网址，例如 https://example.org/ 或 https://example.org/archive/
config-local-base-url = base_url "{ $url }" 指向的是这台电脑，生成的网站里的链接只能在本机打开
    .label = 本机地址
    .help = 请把 base_url 改成读者访问的网址，或者加上 --base-url 网址

# slug、五社、五治、分页。
config-slug-place = { $table ->
        [areas] 在 [areas.{ $name }] 里
       *[other] 在某个 [[{ $table }]] 段落里
    }
config-dimension-empty = { $what } 列表是空的
    .help = 删掉 [[{ $what }]] 就会使用内置的五项；或者把它们一一列出
config-paginate-zero = paginate_by 至少要是 1

# 居民区。
config-area-unknown = 居民区“{ $area }”没有在 config.toml 里登记
    .meant = 是不是想写 area = "{ $meant }"？如果这是新的居民区，请在 config.toml 里加上 [areas."{ $area }"]
    .list = 登记过的居民区有：{ $areas }；如果这是新的居民区，请在 config.toml 里加上 [areas."{ $area }"]

# shequ new（src/scaffold.rs）。
scaffold-bad-spec = “{ $spec }”应写成 <期>/<名称>
    .help = 例如：shequ new 2024-spring/fangda-caishichang --area 纺大
scaffold-invalid-spec = “{ $spec }”不是有效的 <期>/<名称>
    .help = 只能用字母、数字和连字符 -，例如 2024-spring/fangda-caishichang
scaffold-area-empty = --area 是空的
    .help = 请写上居民区名称，例如 --area 纺大
scaffold-bad-date = --date 有误：{ $why }
    .help = 请写成 2024、2024-03 或 2024-03-15
scaffold-exists = { $path } 已经存在
    .help = 请换一个名称
scaffold-cannot-write = 无法写入 { $path }：{ $why }
scaffold-comment-date = "2024"、"2024-03" 或 "2024-03-15"：按资料能确定到的程度写
scaffold-comment-forces = 五社：社区、社会组织、社会工作者、社区志愿者、社会慈善资源
scaffold-comment-governance = 五治：政治、自治、法治、德治、智治
scaffold-comment-partners = 例如 "物业", "业委会", "社区民警"
scaffold-comment-draft = 删掉这一行，案例就会发布
scaffold-comment-src = 可选：没有图片也可以只写说明

# config.toml 或头部信息里的 slug（src/text/slug.rs）。
config-slug-invalid = slug { $slug } 不能用作网址的一部分
    .help = 只能用小写英文字母（a–z）、数字和连字符 -，例如 slug = "{ $example }"

# [photos]。
config-photos-range = [photos] 的 { $key } 应在 { $min } 到 { $max } 之间，现在是 { $value }
    .help = 请写这个范围里的一个整数，或者删掉 { $key }，用默认值
config-photos-widths = [photos] 的 widths 应列出 1 到 8 个宽度（像素），每个在 64 到 4096 之间，从小到大
    .help = 例如 widths = [480, 960, 1600]；删掉 widths 就用这个默认值
