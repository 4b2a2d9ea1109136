import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
import tseslint from 'typescript-eslint';
import rule from './no-raw-jsx-text.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

tester.run('no-raw-jsx-text', rule, {
  valid: [
    'const a = <p>{t("home.title")}</p>;',
    'const a = <p>{business.name}</p>;',
    'const a = <span>{" · "}</span>;',
    'const a = <li>{ok ? "✓ " : "○ "}</li>;',
    'const a = <img alt={t("card.logoAlt", { name })} />;',
    'const a = <input className="field text-body" type="search" />;',
    'const a = <a href="/about" lang="sw">{label}</a>;',
    'const a = <span>{`(${t("hours.today")})`}</span>;',
  ],
  invalid: [
    { code: 'const a = <p>Find local businesses</p>;', errors: [{ messageId: 'text' }] },
    { code: 'const a = <p>{"Call now"}</p>;', errors: [{ messageId: 'text' }] },
    { code: 'const a = <p>{open ? "Open" : t("x")}</p>;', errors: [{ messageId: 'text' }] },
    { code: 'const a = <p>{`Hello ${name}`}</p>;', errors: [{ messageId: 'text' }] },
    { code: 'const a = <img alt="Shop logo" />;', errors: [{ messageId: 'attribute' }] },
    { code: 'const a = <input placeholder={"Search"} />;', errors: [{ messageId: 'attribute' }] },
    { code: 'const a = <button aria-label="Close" />;', errors: [{ messageId: 'attribute' }] },
    { code: 'const a = <p>Kĩkamba</p>;', errors: [{ messageId: 'text' }] },
  ],
});
