// The sites the theme tests look at: the bundled archive, and the basic fixture grown into a
// harder case for the theme — one case per page (so every list paginates), served under the
// sub-path /archive/, and a case of long unbreakable Latin strings and URLs, a wide table, a
// long code line and a wide photo.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { REPO, build, makeSite } from './harness.mjs';

/** CRC-32 (ISO-HDLC), as PNG chunks need it (zlib.crc32 is newer than Node 18). */
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG of `w`×`h` pixels in two colours (an RGB stripe pattern). */
export function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const on = ((x >> 5) + (y >> 5)) & 1;
      raw[o] = on ? 0xa3 : 0xf1; raw[o + 1] = on ? 0x26 : 0xee; raw[o + 2] = on ? 0x1b : 0xed;
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export const LONG_URL = 'https://example.org/community/newsletter/archive/2024/spring/'
  + 'a-very-long-path-segment-without-any-break-opportunity-whatsoever-0123456789abcdef';
export const LONG_WORD = 'Donaudampfschifffahrtsgesellschaftskapitaenswitwenrentenversicherung';

const STRESS = `+++
title = "超长文字：${LONG_WORD} 与网址 ${LONG_URL}"
date = "2024-03-09"
area = "纺大"
forces = ["社区", "社会组织", "社会工作者", "社区志愿者", "社会慈善资源"]
governance = ["政治", "自治", "法治", "德治", "智治"]
partners = ["Shanghai Changning District Tianshan Road Subdistrict Community Foundation ${LONG_WORD}", "业委会"]
tags = ["${LONG_WORD}"]
summary = "一句很长的概要，里面有网址 ${LONG_URL} 和英文长词 ${LONG_WORD}。"
authors = ["李四"]

[[figures]]
src = "wide.png"
caption = "一张很宽的照片：${LONG_WORD}"
alt = "红白相间的方格"
+++

居民在群里转发了这个链接：<${LONG_URL}>，还有一个没有链接的网址 ${LONG_URL}。

英文长词 ${LONG_WORD} 出现在句子中间，后面跟着中文标点。“引号”开头的句子；《书名号》也在这里。

| 居民区 | 社区 | 社会组织 | 社会工作者 | 社区志愿者 | 社会慈善资源 | 说明 | 链接 |
|---|---|---|---|---|---|---|---|
| 纺大居民区 | 12 | 3 | 4 | 25 | 1 | ${LONG_WORD} | ${LONG_URL} |
| 延西居民区 | 2 | 0 | 1 | 8 | 0 | 加装电梯自治小组 | 无 |

\`\`\`text
${'curl --silent --show-error ' + LONG_URL + '?' + 'parameter=value&'.repeat(8)}
\`\`\`

行内代码 \`${LONG_WORD}${LONG_WORD}\` 也不能撑破页面。

> 引用：${LONG_URL}

![一张很宽的照片](wide.png)

脚注在这里[^1]。

[^1]: 脚注的内容：${LONG_URL}
`;

/** The basic fixture with the stress case, one case per list page, built for `base`. */
export function buildFixture(base = 'https://example.org/archive/') {
  const site = makeSite(join(REPO, 'tests/fixtures/basic'));
  const config = join(site.root, 'config.toml');
  writeFileSync(config, 'paginate_by = 1\n' + readFileSync(config, 'utf8'));
  const dir = join(site.root, 'content/2024-spring/changzi');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.md'), STRESS);
  writeFileSync(join(dir, 'wide.png'), png(1600, 240));
  build(site.root, ['--base-url', base]);
  return site;
}

/** The bundled archive, built as shipped. */
export function buildBundled() {
  const site = makeSite('bundled');
  build(site.root);
  return site;
}

/** The stress case's URL path, relative to the fixture's root. */
export const STRESS_CASE = '2024-spring/changzi/';
