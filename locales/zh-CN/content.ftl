# src/content 和 src/check.rs 的消息（约定见 cli.ftl）。

# 遍历 content/（content/mod.rs）。
content-no-content-dir = 没有 content/ 文件夹
    .help = 请建立 content/<期>/_index.md，并把案例文件放在它旁边；也可以用 shequ new 新建案例
content-md-in-root = 直接放在 content/ 里的 Markdown 文件不属于任何一期，已忽略
    .help = 请把它移到某一期的文件夹 content/<期>/ 里
content-file-in-root = 直接放在 content/ 里的文件已忽略
    .help = 全站共用的文件请放进 static/，案例用的文件请放在案例旁边
content-md-not-case = 这个 Markdown 文件不是案例（案例应是 content/<期>/<案例>.md 或 content/<期>/<案例>/index.md），已忽略
content-misnamed = “{ $name }”看起来是案例，但只有以 .md 结尾的文件才会被读取，所以它被忽略了
    .help = 请把它改名为 { $renamed }
content-issue-no-index = 期文件夹 content/{ $dir }/ 里没有 _index.md
    .help = 请新建 content/{ $dir }/_index.md，在两行 +++ 之间写上 title = "…" 和 date = "2023"，下面写编者按
content-not-utf8 = 文件不是 UTF-8 编码的文本（可能是用 GBK 等别的编码保存的）
    .label = 这里的字节无法识别
    .help = 请把文件另存为 UTF-8 编码（多数编辑器：文件 → 另存为 → 编码选 UTF-8）
content-area-label = 不是登记过的居民区

# 头部信息（content/front.rs）。
content-empty-file = 文件是空的
    .help = 案例以两行 +++ 之间的头部信息开头，至少要有 title、date 和 area；可以用 shequ new 生成
content-no-front = 缺少头部信息：第一行不是 +++
    .label = 这里应是 +++
    .yaml = 头部信息要写在两行 +++ 之间（TOML 写法），而不是两行 --- 之间（YAML 写法）
    .cr = 文件的换行符是老式苹果电脑的格式：请在编辑器里把换行符改为 LF 或 CRLF 后再保存
    .help = 文件第一行只写 +++，接着写各项信息，再用一行 +++ 结束
content-front-unclosed = 头部信息没有结束
    .label = 从这里开始
    .help = 请在最后一项信息后面加一行，只写 +++
content-front-invalid = 头部信息有误：{ $problem }
    .help = 每项写成 名称 = "文字"，列表写成 ["社区", "社区志愿者"]；所有文字都要用英文双引号括起来
content-field-unknown = 头部信息里的 { $field } 不是可用的字段，已忽略
    .meant = 是不是想写 { $meant }？
    .known = 可用的字段有：{ $known }
content-field-wrong = 头部信息的值不对：{ $problem }
    .help = 《编辑指南》（docs/编辑指南.md）列出了每个字段和写法示例
content-field-missing = 缺少必填的 { $field }
    .label = 在这段头部信息里
    .help = 请加一行，例如 { $example }{ $field ->
        [area] （所属居民区）
       *[other] { "" }
    }
content-field-empty = { $field } 是空的
content-date-bad = 日期写得不对：{ $why }
    .label = 这里应是日期
    .help = 请写成 date = "2023"、"2023-10"、"2023-10-05" 或 "2023年10月5日"（资料能确定到哪一级就写到哪一级）
content-dimension-unknown = { $field } 里的“{ $name }”不是{ $field ->
        [governance] 五治
       *[other] 五社
    }之一
    .label = 不在{ $field ->
        [governance] 五治
       *[other] 五社
    }之中
    .meant = 是不是想写 "{ $meant }"？（可选：{ $valid }）
    .valid = 可选：{ $valid }
content-partner-no-url = 合作方名称“{ $name }”无法生成网址
    .label = 没有汉字、字母或数字
    .help = 请写合作方的名称，或者在 config.toml 的 [partner_aliases] 里把这种写法对应到一个名称

# 值的类型不对（content/field_type.rs）。
content-type =
    .text = { $field } 应该是用英文双引号括起来的文字，例如 { $example }
    .list-item = { $field } 里的每一项都应该是用英文双引号括起来的文字，例如 { $example }
    .list = { $field } 应该是一个列表，例如 { $example }
    .whole-number = { $field } 应该是整数，不加引号，例如 { $example }
    .yes-no = { $field } 应该是 true 或 false，不加引号，例如 { $example }
    .figures = { $field } 应该是图片列表，每张图片写成一个 [[figures]] 段落，例如 [[figures]] caption = "居民议事会现场"
    .found = 这里写的是{ $found }

# 日期（content/date.rs）。
content-date-digits = { $part ->
        [year] 年份
        [month] 月份
       *[day] 日
    } { $value } 应该是 { $digits } 位数字
    .in = { $date } 里的{ $part ->
        [year] 年份
        [month] 月份
       *[day] 日
    } { $value } 应该是 { $digits ->
        [one-or-two] 1 到 2
       *[other] { $digits }
    } 位数字
content-date-not-date = { $date } 不是日期
content-date-month = 月份 { $month } 不在 01 到 12 之间
    .in = { $date } 里的月份 { $month } 不在 1 到 12 之间
content-date-day = { $year }-{ $month } 没有第 { $day } 天
    .in = { $year }年{ $month }月没有 { $day } 日
content-date-chinese-form = { $date } 不是日期：请写成 2023年、2023年10月 或 2023年10月5日
content-date-sep-form = { $date } 不是日期：请写成 2023{ $sep }10 或 2023{ $sep }10{ $sep }5
content-date-time-only = 只有时间，没有日期
content-date-number = 不加引号的 { $value } 会被当成数字，而不是日期：请加上引号，例如 date = "{ $value }"
content-date-kind = { $kind ->
        [boolean] true 或 false 不是日期
        [array] 列表不是日期
       *[other] 这不是日期
    }

# 输入法打出的中文标点（content/punct.rs）。
-content-switch = 请把输入法切换到英文标点，或按住 Shift 键再输入
content-punct-quotes = 这里用了{ $name } “ ”，应改成英文双引号 " "（{ -content-switch }）
content-punct-single = 这里用了{ $name } ‘ ’，应改成英文单引号 ' '（{ -content-switch }）
content-punct-space = 这里用了{ $name }，应改成普通空格（{ -content-switch }）
content-punct-other = 这里用了{ $name }“{ $found }”，应改成英文的 { $needs }（{ -content-switch }）
content-punct-label = 这里应输入 { $ascii }
    .space = 这里是全角空格
content-punct-name = { $mark ->
        [quotes] 中文引号
        [single] 中文单引号
        [comma] 中文逗号
        [dunhao] 顿号
        [colon] 中文冒号
        [equals] 全角等号
        [lenticular] 方头括号
        [bracket] 全角方括号
        [brace] 全角花括号
        [space] 全角空格
       *[other] 中文标点
    }

# 不会读取的文件（content/source.rs）。
content-link-outside = 这个快捷方式（符号链接）指向网站文件夹以外的 { $to }
content-link-dangling = 这个快捷方式（符号链接）指向的 { $to } 不存在
content-link-loop = 这个快捷方式（符号链接）指向的 { $to } 又绕回了它自己（链接成环）
content-link-loops-back = 这个快捷方式（符号链接）指向了它上层的文件夹，会绕成一个环
    .help = 请删掉这个快捷方式
content-link-help = 请把文件复制到网站文件夹里，不要用快捷方式（只有指向网站文件夹，即放 config.toml 的文件夹以内的快捷方式才会被读取）
    .or-remove = 请删掉这个快捷方式，或者把文件复制到网站文件夹里（只有指向网站文件夹，即放 config.toml 的文件夹以内的快捷方式才会被读取）
content-not-ordinary = 这是{ $kind }，不是普通文件
    .via = 这个快捷方式（符号链接）指向的 { $to } 是{ $kind }，不是普通文件
    .help = 只有普通文件才能发布，请删掉它
content-file-kind = { $kind ->
        [fifo] 命名管道（FIFO）
        [socket] 套接字
        [block] 块设备
        [char] 字符设备
       *[other] 特殊文件
    }
content-too-big = 文件有 { $size } MB，超过了{ $what ->
        [markdown] 案例
        [template] 模板
       *[asset] 复制进网站的文件
    }允许的 { $limit } MB
    .markdown = 请把它拆开，或者把大的附件作为单独的文件放在旁边
    .template = 请用 { "{% include %}" } 把它拆成几个小模板
    .asset = 请把它变小（缩小照片、压缩 PDF），或者放到别处，在网站里放链接
content-unreadable = 无法读取文件：{ $why }
    .help = 请确认文件存在，并且当前用户有权读取

# shequ check：正文提到、头部信息却没有标注的五社五治（src/check.rs）。
check-mention = 正文提到了“{ $word }”（属于{ $field ->
        [governance] 五治
       *[other] 五社
    }中的“{ $name }”），但 { $field } 里没有列出
    .label = 指向“{ $name }”
    .help = 如果这个案例确实涉及它，请在 { $field } 里加上 "{ $name }"；否则可以不管这条提示
content-changed-during-build = shequ 生成网站时，这个文件被改动了；这次没有发布任何内容
    .help = 等文件保存好后，请再生成一次（shequ serve --watch 会自动重新生成）
