/**
 * UI-I18N-08: no user-visible words typed straight into JSX. Text must come from i18next (t(), <Trans>),
 * so every language gets it. Flags JSX text containing a letter, string literals (and template quasis)
 * with letters placed as JSX children, and such strings in the attributes people see or hear:
 * title, alt, aria-label, aria-description, placeholder, label. Punctuation and symbols (" · ", "✓ ")
 * are fine. Data (business names, language endonyms) arrives through expressions and is never flagged.
 */
const LETTER = /\p{L}/u;
const VISIBLE_ATTRIBUTES = new Set([
  'title',
  'alt',
  'aria-label',
  'aria-description',
  'placeholder',
  'label',
]);

function hasLetters(node) {
  if (!node) return false;
  if (node.type === 'Literal') return typeof node.value === 'string' && LETTER.test(node.value);
  if (node.type === 'TemplateLiteral')
    return node.quasis.some((quasi) => LETTER.test(quasi.value.cooked ?? ''));
  if (node.type === 'ConditionalExpression') return hasLetters(node.consequent) || hasLetters(node.alternate);
  if (node.type === 'LogicalExpression') return hasLetters(node.right);
  return false;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow raw user-visible text in JSX; use i18next' },
    messages: {
      text: 'Raw text "{{text}}" in JSX: put it in the locale catalogues and use t().',
      attribute: 'Raw text in the "{{name}}" attribute: use t() so it is translated.',
    },
    schema: [],
  },
  create(context) {
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) {
          context.report({ node, messageId: 'text', data: { text: node.value.trim().slice(0, 40) } });
        }
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === 'JSXAttribute') return;
        if (hasLetters(node.expression)) {
          context.report({
            node,
            messageId: 'text',
            data: { text: context.sourceCode.getText(node).slice(0, 40) },
          });
        }
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXIdentifier' ? node.name.name : null;
        if (!name || !VISIBLE_ATTRIBUTES.has(name) || !node.value) return;
        const value = node.value.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        if (hasLetters(value)) context.report({ node, messageId: 'attribute', data: { name } });
      },
    };
  },
};
