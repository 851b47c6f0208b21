#!/usr/bin/env python3
"""Deterministic synthetic newsletter archive for benchmarks: N Chinese case files over ~80
residential areas and issues of 25 cases, written as a shequ, Zola or Hugo site.

  gen_corpus.py OUT_DIR [-n 1000] [--layout ours|zola|hugo] [--seed 1]

A copy of the workplace's shared benchmark generator (../shared/bench/gen_corpus.py), kept in
the repository so that the browser tests' 1,000-case archive exists on any machine.
"""
import argparse, os, random, shutil

FORCES = ["社区", "社会组织", "社会工作者", "社区志愿者", "社会慈善资源"]
GOVERNANCE = ["政治", "自治", "法治", "德治", "智治"]
PARTNERS = ["物业", "业委会", "社区民警", "城管", "市场监管所", "东华大学", "尚笙湾公益", "街道司法所",
            "房屋协管员", "居民代表", "楼组长", "党员志愿者", "加梯代建方", "施工单位", "商铺联盟", "卫生服务中心"]
AREAS0 = ["纺大", "延西", "天义", "新风", "遵义", "玉屏", "联建", "仙霞", "创联", "申杰", "紫云", "天山二村", "新光"]
SYL = list("安平和兴华新东西南北中长宁康乐福泰丰明光阳春秋德仁义礼信古虹桥园林湖山水云天")
TOPICS = ["加装电梯", "群租整治", "楼道堆物", "小区绿化", "垃圾分类", "停车管理", "非机动车棚", "老年助餐",
          "防汛防台", "危房修缮", "噪声投诉", "商铺共治", "数字化平台", "公益理发", "反诈宣传", "邻里调解"]
OPEN = ["为回应居民的急难愁盼，", "在街道的指导下，", "近年来，", "今年以来，", "围绕“{t}”这一难题，"]
SUBJ = ["居民区党总支", "居委会", "业委会", "物业公司", "自治小组", "楼组长们", "志愿者队伍", "社工团队"]
VERB = ["牵头召开议事会", "上门走访征求意见", "联合开展专项整治", "搭建共治平台", "制定自治公约",
        "组织现场踏勘", "建立长效管理机制", "协调各方明确责任", "开展普法宣传", "形成问题清单"]
RESULT = ["居民满意度明显提升。", "问题在一周内得到解决。", "形成了可复制的经验。", "小区面貌焕然一新。",
          "邻里关系更加和睦。", "实现了从“单一整治”向“综合治理”的转变。"]
HEAD = ["主要做法", "群众反响", "经验启示", "下一步打算", "背景", "工作成效"]


def sentence(r, topic, area):
    s = r.choice(OPEN).format(t=topic) + area + r.choice(SUBJ) + r.choice(VERB) + "，"
    s += "与" + "、".join(r.sample(PARTNERS, r.randint(1, 3))) + r.choice(["一起", "共同", "携手"])
    s += r.choice(VERB) + "，" + r.choice(RESULT)
    return s


def body(r, topic, area):
    out = []
    for p in range(r.randint(4, 6)):
        if p in (1, 3):
            out.append("## " + r.choice(HEAD))
        para = "".join(sentence(r, topic, area) for _ in range(r.randint(5, 9)))
        if r.random() < 0.3:
            para = para.replace(topic, "**" + topic + "**", 1)
        if r.random() < 0.2:
            para += "详见[街道公告](https://example.org/notice/" + str(r.randint(1, 999)) + ")。"
        out.append(para)
        if r.random() < 0.25:
            out.append("\n".join("- " + r.choice(VERB) + "：" + r.choice(RESULT) for _ in range(3)))
    if r.random() < 0.05:
        out.append('```toml\n[议事会]\n日期 = "2023-07-01"\n参加人数 = %d\n议题 = ["%s", "%s"]\n```'
                   % (r.randint(8, 60), topic, r.choice(TOPICS)))
    return "\n\n".join(out) + "\n"


def areas(r, k=80):
    names = list(AREAS0)
    while len(names) < k:
        n = r.choice(SYL) + r.choice(SYL) + r.choice(["", "", "一村", "二村", "新村", "苑", "坊"])
        if n not in names:
            names.append(n)
    return names


def tl(xs):  # TOML array of strings
    return "[" + ", ".join('"%s"' % x for x in xs) + "]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--layout", choices=["ours", "zola", "hugo"], default="ours")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    r = random.Random(a.seed)
    names = areas(r)
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    content = os.path.join(a.out, "content")
    os.makedirs(content)
    per_issue = 25
    for i in range(a.n):
        issue_no = i // per_issue
        year = 2015 + issue_no * 12 // max(1, a.n // per_issue + 1)
        month = 1 + issue_no % 12
        issue_dir = os.path.join(content, "issue-%04d" % issue_no)
        if i % per_issue == 0:
            os.makedirs(issue_dir)
            date = "%d-%02d-01" % (year, month)
            note = "".join(sentence(r, r.choice(TOPICS), r.choice(names)) for _ in range(3)) + "\n"
            if a.layout == "zola":
                fm = '+++\ntitle = "第%d期"\nsort_by = "date"\n[extra]\ndate = %s\n+++\n' % (issue_no + 1, date)
            else:
                fm = '+++\ntitle = "第%d期"\ndate = %s\n+++\n' % (issue_no + 1, date)
            open(os.path.join(issue_dir, "_index.md"), "w").write(fm + note)
        area, topic = r.choice(names), r.choice(TOPICS)
        date = "%d-%02d-%02d" % (year, month, 1 + i % 28)
        forces = sorted(r.sample(FORCES, r.randint(1, 4)), key=FORCES.index)
        gov = sorted(r.sample(GOVERNANCE, r.randint(1, 3)), key=GOVERNANCE.index)
        partners = r.sample(PARTNERS, r.randint(1, 4))
        tags = [topic]
        title = "%s：%s%s" % (area, topic, r.choice(["见成效", "的探索", "实录", "有了新办法", "走深走实"]))
        summary = sentence(r, topic, area)
        if a.layout == "zola":
            fm = ('+++\ntitle = "%s"\ndate = %s\ndescription = "%s"\n[taxonomies]\narea = ["%s"]\nforces = %s\n'
                  'governance = %s\npartners = %s\ntags = %s\n+++\n'
                  % (title, date, summary, area, tl(forces), tl(gov), tl(partners), tl(tags)))
        else:
            fm = ('+++\ntitle = "%s"\ndate = %s\narea = "%s"\nforces = %s\ngovernance = %s\npartners = %s\n'
                  'tags = %s\nsummary = "%s"\n+++\n'
                  % (title, date, area, tl(forces), tl(gov), tl(partners), tl(tags), summary))
        open(os.path.join(issue_dir, "case-%05d.md" % i), "w").write(fm + body(r, topic, area))
    write_site(a.out, a.layout)


CFG_OURS = 'title = "社区通讯档案"\nbase_url = "https://example.org/"\nlanguage = "zh-CN"\n'
CFG_ZOLA = '''base_url = "https://example.org"
title = "社区通讯档案"
default_language = "zh"
build_search_index = true
generate_feeds = true
taxonomies = [{name = "area"}, {name = "forces"}, {name = "governance"}, {name = "partners"}, {name = "tags"}]
[markdown.highlighting]
theme = "github-light"
style = "class"
[search]
index_format = "elasticlunr_json"
'''
CFG_HUGO = '''baseURL = "https://example.org/"
title = "社区通讯档案"
languageCode = "zh-CN"
hasCJKLanguage = true
[taxonomies]
area = "area"
forces = "forces"
governance = "governance"
partners = "partners"
tag = "tags"
'''
ZOLA_TPL = {
    "base.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head><body>{% block content %}{% endblock %}</body></html>',
    "index.html": '{% extends "base.html" %}{% block content %}<h1>{{ config.title }}</h1><ul>{% for s in section.subsections %}{% set sec = get_section(path=s) %}<li><a href="{{ sec.permalink }}">{{ sec.title }}</a></li>{% endfor %}</ul>{% endblock %}',
    "section.html": '{% extends "base.html" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.date }}</li>{% endfor %}</ul>{% endblock %}',
    "page.html": '{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<article><h1>{{ page.title }}</h1><p>{{ page.date }} {% for k, terms in page.taxonomies %}{% for t in terms %}<a href="{{ get_taxonomy_url(kind=k, name=t) }}">{{ t }}</a> {% endfor %}{% endfor %}</p>{{ page.content | safe }}</article>{% endblock %}',
    "taxonomy_list.html": '{% extends "base.html" %}{% block content %}<h1>{{ taxonomy.name }}</h1><ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>{% endblock %}',
    "taxonomy_single.html": '{% extends "base.html" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}',
}
HUGO_TPL = {
    "_default/baseof.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>',
    "index.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1><ul>{{ range .Sections }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }} {{ range $tax, $_ := .Site.Taxonomies }}{{ range ($.GetTerms $tax) }}<a href="{{ .Permalink }}">{{ .LinkTitle }}</a> {{ end }}{{ end }}</p>{{ .Content }}</article>{{ end }}',
    "_default/taxonomy.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}',
    "_default/term.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}',
}


def write_site(out, layout):
    if layout == "ours":
        open(os.path.join(out, "config.toml"), "w").write(CFG_OURS)
        return
    cfg, tpl, tdir = (CFG_ZOLA, ZOLA_TPL, "templates") if layout == "zola" else (CFG_HUGO, HUGO_TPL, "layouts")
    open(os.path.join(out, "config.toml" if layout == "zola" else "hugo.toml"), "w").write(cfg)
    for name, text in tpl.items():
        p = os.path.join(out, tdir, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "w").write(text)


if __name__ == "__main__":
    main()
