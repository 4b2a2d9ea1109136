import crypto from 'node:crypto';

/**
 * The one inline stylesheet of the "classic" template (UI-WEB-01: ≤ 12 KB, no external CSS), written
 * compact because it travels with every page view. Colours are the §12.1 tokens: white text sits on
 * brand-700 (#c53e19), never on brand-500 at small sizes (UI-DS-01); touch targets are ≥ 44 px
 * (UI-A11Y-03); system fonts only (UI-DS-03). Mobile first; content capped at 640 px.
 */

const BASE = `*,::before,::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Ubuntu,Arial,sans-serif;color:#000;background:#fff;overflow-wrap:anywhere}
a{color:#c53e19}
:focus-visible{outline:3px solid #ed4c22;outline-offset:2px}
img{max-width:100%;height:auto;display:block}
h1{font-size:26px;line-height:32px;margin:0 0 4px}
h2{font-size:20px;line-height:28px;margin:0 0 12px}
h3{font-size:18px;line-height:24px;margin:0}
p{margin:0 0 8px}
.w{max-width:640px;margin:0 auto;padding:0 16px}
.m{color:#595959}
.sm{font-size:14px;line-height:20px}
.btns{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0}
.btn{display:inline-flex;flex:1 1 auto;align-items:center;justify-content:center;gap:6px;min-height:44px;min-width:44px;padding:0 20px;border:2px solid #000;border-radius:999px;background:#fff;color:#000;font-weight:700;text-decoration:none}
.btn.p{background:#c53e19;border-color:#c53e19;color:#fff}
.btn:hover{background:#fff1ec}.btn.p:hover{background:#a8340f}
.i{width:20px;height:20px;flex:none;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round}
.spr{position:absolute;width:0;height:0;overflow:hidden}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.av{display:flex;align-items:center;justify-content:center;flex:none;background:#fff1ec;color:#c53e19;font-weight:800;border-radius:12px}
`;

const SITE = `.skip{position:absolute;left:8px;top:-80px;z-index:9;padding:12px 16px;border-radius:999px;background:#000;color:#fff}
.skip:focus{top:8px}
.rib{margin:0;padding:8px 16px;background:#fef3c7;color:#92400e;font-weight:700;text-align:center}
.top{display:flex;align-items:center;gap:8px;max-width:640px;min-height:56px;margin:0 auto;padding:6px 16px}
.brand{display:flex;flex:1;align-items:center;gap:10px;min-width:0;min-height:44px;color:#000;font-weight:700;text-decoration:none}
.brand .n{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.logo{width:40px;height:40px;border-radius:10px;object-fit:cover;flex:none}
.lg{position:relative}
.lg summary{display:flex;align-items:center;gap:4px;min-width:44px;min-height:44px;padding:0 12px;border:1px solid #8a8a8a;border-radius:999px;font-size:14px;font-weight:700;list-style:none;cursor:pointer}
.lg summary::-webkit-details-marker{display:none}
.lg ul{position:absolute;right:0;z-index:5;min-width:170px;margin:4px 0 0;padding:4px;list-style:none;background:#fff;border:1px solid #e5e5e5;border-radius:12px;box-shadow:0 6px 20px rgba(0,0,0,.15)}
.lg a{display:flex;align-items:center;min-height:44px;padding:0 12px;border-radius:8px;color:#000;text-decoration:none}
.lg a[aria-current]{background:#fff1ec;font-weight:700}
.ban,.band{display:block;width:100%;max-width:640px;margin:0 auto;aspect-ratio:3/1}
.ban{object-fit:cover;background:#fff1ec}
.band{background:#ed4c22}
.hero-b{padding-top:16px}
.bd{display:inline-flex;align-items:center;gap:4px;margin:4px 0 8px;padding:2px 10px;border-radius:999px;font-size:14px;font-weight:700}
.bd.v{background:#e6f4ea;color:#166534}
.bd.g{border:1px solid #8a6100;color:#8a6100}
.bd.g .i{fill:#f5b301;stroke:#8a6100}
.bd .i{width:16px;height:16px}
main section{padding:24px 0;border-top:1px solid #e5e5e5}
main .hero{border:0;padding-top:4px}
.t{white-space:pre-line}
.pic{width:100%;aspect-ratio:4/3;object-fit:cover;margin:0 0 12px;border-radius:16px;background:#f7f7f7}
.svc{margin:0;padding:0;list-style:none}
.svc li{padding:12px 0;border-bottom:1px solid #e5e5e5}
.svc li:last-child{border:0}
.pr{font-weight:700;color:#c53e19}
.ch{display:flex;flex-wrap:wrap;gap:8px;margin:0;padding:0;list-style:none}
.ch li{padding:6px 14px;border-radius:999px;background:#fff1ec;color:#c53e19;font-weight:600}
.gr{display:grid;grid-template-columns:repeat(3,1fr);gap:8px;margin:0;padding:0;list-style:none}
.gr figure{margin:0}
.gr a{display:block;border-radius:12px;overflow:hidden}
.gr img{width:100%;aspect-ratio:1;object-fit:cover;background:#f7f7f7}
.gr figcaption{margin-top:4px;font-size:14px;line-height:20px;color:#595959}
.st{font-weight:700}
.st.o{color:#166534}
table{width:100%;border-collapse:collapse;margin:8px 0}
th,td{padding:8px;font-weight:400;text-align:left}
td{text-align:right}
tr.td{background:#fff1ec;font-weight:700}
tr.td th{font-weight:700}
address{font-style:normal;white-space:pre-line}
dl{margin:0}
dt{font-size:14px;line-height:20px;color:#595959}
dd{margin:0 0 12px;font-weight:700}
dd a{display:inline-flex;align-items:center;min-height:44px}
.num{font-size:20px;letter-spacing:.06em;user-select:all;-webkit-user-select:all}
h3.s{margin:16px 0 8px}
footer{margin-top:24px;padding:24px 0 32px;background:#000;color:#fff}
footer a{display:inline-flex;align-items:center;min-height:44px;color:#fff}
footer ul{margin:0 0 8px;padding:0;list-style:none}
.bar{position:fixed;left:0;right:0;bottom:0;z-index:4;display:flex;gap:6px;padding:8px 8px calc(8px + env(safe-area-inset-bottom));background:#fff;border-top:1px solid #e5e5e5}
.bar .btn{flex:1 1 0;min-width:0;gap:4px;padding:0 4px;font-size:14px;white-space:nowrap}
.bar .i{width:18px;height:18px}
@media(max-width:359px){.bar .i{display:none}}
body.hb{padding-bottom:calc(64px + env(safe-area-inset-bottom))}
@media(min-width:640px){.ban,.band{max-width:608px;border-radius:16px}}
@media(min-width:768px){.bar{display:none}body.hb{padding-bottom:0}}
`;

const STATE = `.home-top{padding-top:32px}
.card{margin:32px auto;padding:24px;border:1px solid #e5e5e5;border-radius:16px}
.card .av{width:56px;height:56px;font-size:24px;margin-bottom:12px}
.home{display:inline-flex;align-items:center;min-height:44px;margin:16px 0 0;font-weight:700}
.cta{margin-top:24px;padding:20px;border-radius:16px;background:#000;color:#fff}
.cta a{color:#fff}
`;

export const SITE_CSS = (BASE + SITE).replace(/\n/g, '');
export const STATE_CSS = (BASE + STATE).replace(/\n/g, '');

const sha256 = (css: string) => `'sha256-${crypto.createHash('sha256').update(css).digest('base64')}'`;

/** CSP `style-src` sources allowing exactly these two inline stylesheets (no 'unsafe-inline' needed). */
export const STYLE_HASHES: readonly string[] = [sha256(SITE_CSS), sha256(STATE_CSS)];
