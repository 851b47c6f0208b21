# src/render 的消息：链接和照片、主题和模板（约定见 cli.ftl）。模板标签在这里写成
# { "{%" } … { "%}" }：在 Fluent 里，单独的花括号表示要填入的内容。

## 案例和期刊里的链接与照片。
render-missing-photo = 照片 `{ $dest }` 不在 { $file } 旁边
    .label = { $folder } 里没有这个文件
    .help = 请把照片放进 { $folder }，或者改正文件名（{ $there }）
render-missing-file = 文件 `{ $dest }` 不在 { $file } 旁边
    .label = { $folder } 里没有这个文件
    .help = 请把文件放进 { $folder }，或者改正文件名（{ $there }）
render-files-there-none = 那里还没有任何文件
render-files-there = 那里现有的文件：{ $list }
render-files-there-more = 那里现有的文件：{ $list }，另有 { $count } 个
render-not-a-case = 链接到的 Markdown 文件 `{ $dest }` 不是本网站的案例
    .label = 没有哪个案例是这个文件
    .help = 链接案例时请写它的 .md 文件名：同一期的写 `other.md`，别的期写 `../<期刊文件夹>/other.md`
render-did-you-mean = 是不是想写 `{ $target }`？
render-no-page = 网站上没有 `{ $dest }` 这个页面
    .label = 没有这个页面
    .help = 请从网站根目录写起页面的路径，例如 `/areas/<居民区>/`

## 主题。
render-theme-missing = 主题“{ $name }”不存在
    .help = 请建立 themes/{ $name }/ 文件夹，或者在 config.toml 里写 theme = "default"
render-template-missing = 缺少模板 { $name }
    .help = 请把 { $name } 加进主题，或者从 themes/default/templates/ 复制一份

## 调用自己或嵌套太深的模板（src/render/template_graph.rs）。
render-cycle = 发现模板互相调用，绕成了一个圈
render-cycle-in = { $name }（在 { $file } 里）
render-cycle-macro = 宏 { $name } 调用了它自己：宏 { $chain }
    .help = shequ 不允许宏直接或通过别的宏调用自己，因为无限调用会让生成崩溃；重复的部分请用 { "{%" } for { "%}" } 循环来写
render-cycle-import = 模板 { $name } 导入了它自己：{ $chain }
    .help = { "{%" } import { "%}" } 不能直接或经过别的文件绕回导入它的文件；请把两边都要用的宏挪到一个单独的文件里，这个文件不导入它们中的任何一个
render-cycle-extends = 模板 { $name } 继承了它自己：{ $chain }
    .help = 模板不能直接或经过别的模板继承自己；请让其中一个成为不写 { "{%" } extends { "%}" } 的基础模板
render-cycle-include = 模板 { $name } 包含了它自己：{ $chain }
    .help = 模板不能直接或经过别的模板包含自己；请删掉这个 { "{%" } include { "%}" }，或者把共用的部分挪到一个单独的模板里
render-too-deep-blocks = 这个模板里的 { "{%" } … { "%}" } 块嵌套超过了 { $limit } 层
    .help = 模板引擎读不了更深的嵌套（会崩溃）；请把里层的部分挪到 { "{%" } include { "%}" } 的模板或宏里
render-too-deep-brackets = 这个表达式里的括号嵌套超过了 { $limit } 层

## 模板里的 range()。
render-range-not-number = range() 收到了 { $key }={ $value }，但 { $key } 必须是不小于 0 的整数
render-range-no-end = range() 需要写明终点，例如 range(end=5)
render-range-step-zero = range() 收到了 step_by=0，这样永远到不了终点；请用 step_by=1 或更大的数
render-range-backwards = range() 收到的起点 start={ $start } 比终点 end={ $end } 还大
render-range-too-long = range() 会产生 { $count } 个数，超过了一个页面能用的 { $limit } 个；请改为循环网站里的数据

## 模板引擎 Tera 报告的问题，用平常话说。中文下不附引擎自己的英文原话。
render-template-syntax = 模板写法有误
    .label = 这里的写法不对
    .help = 模板的写法见 https://keats.github.io/tera/docs/
render-template-unclosed = 模板写法有误：缺少 { $tag }
    .label = 在这之前应当有 { $tag }
    .help = 开始的标签都要结束：{ "{%" } for { "%}" } 配 { "{%" } endfor { "%}" }，{ "{%" } if { "%}" } 配 { "{%" } endif { "%}" }，{ "{%" } block { "%}" } 配 { "{%" } endblock { "%}" }，{ "{%" } macro { "%}" } 配 { "{%" } endmacro { "%}" }
render-template-duplicate-block = 模板写法有误：块 { $name } 定义了两次
    .help = 请给第二个块另起一个名字，或者删掉其中一个
render-template-failed = 模板 { $template } 生成页面时出错
    .label = 模板引擎的说明
    .help = 可能是某个变量名写错了，或者这个页面没有这个变量；每个模板能用哪些变量，见 README.md 的“Themes”一节
render-template-failed-because = 模板 { $template } 生成页面时出错：{ $detail }
render-template-unknown-variable = 模板 { $template } 用到了 `{ $name }`，但这个页面没有这个变量
    .help = 请检查拼写；每个模板能用哪些变量，见 README.md 的“Themes”一节
render-template-unknown-filter = 模板 { $template } 用到的过滤器 `{ $name }` 不存在
    .help = 请对照 https://keats.github.io/tera/docs/#built-in-filters 检查拼写
render-template-unknown-function = 模板 { $template } 调用的函数 `{ $name }()` 不存在
    .help = 请对照 https://keats.github.io/tera/docs/#built-in-functions 检查拼写
render-template-unknown-test = 模板 { $template } 用到的判断 `is { $name }` 不存在
    .help = 请对照 https://keats.github.io/tera/docs/#built-in-tests 检查拼写
render-template-not-found = 模板 { $template } 包含的 { $name } 不存在
    .help = 请对照 themes/<主题>/templates/ 和 templates/ 里的文件检查名字
render-template-macro-namespace = 模板 { $template } 调用了 `{ $name }` 里的宏，但没有哪个文件是以 { $name } 的名字导入的
    .help = 请在模板开头导入它，例如 { "{%" } import "macros.html" as { $name } { "%}" }，或者改正名字
render-template-macro-missing = 模板 { $template } 调用的宏 `{ $name }` 不存在
    .help = 请到导入它的文件里核对宏的名字
render-template-macro-argument = 模板 { $template } 调用宏 `{ $name }` 时少了参数 `{ $arg }`
    .help = 请把它写上，例如 { $name }({ $arg }=…)
render-template-filter-value = 模板 { $template } 交给过滤器 `{ $name }` 的值，它处理不了
    .help = 这个过滤器需要什么样的值，见 https://keats.github.io/tera/docs/#built-in-filters
render-template-not-a-list = 模板 { $template } 用 { "{%" } for { "%}" } 循环的东西不是列表
    .help = 请循环页面里有的列表，例如 cases 或 areas
render-templates-mismatch = 模板之间对不上
    .help = 请对照 themes/<主题>/templates/ 检查 { "{%" } extends { "%}" }、{ "{%" } include { "%}" } 和 { "{%" } import { "%}" } 里写的名字
render-template-missing-parent = 模板之间对不上：{ $template } 继承的 { $parent } 不存在
render-template-missing-import = 模板之间对不上：{ $template } 导入的 { $name } 不存在

# config.toml 里的 share_image。
render-share-image-missing = config.toml 里的 share_image“{ $path }”在网站里找不到
    .help = 把图片放进 static/ 文件夹（static/share.png 就写 share_image = "share.png"），或者写图片的完整网址
