// Handlebars' strict mode checks a field only where it is printed ({{design.name}}), not where it is
// passed to a helper ({{bat design.nmae}} quietly passes undefined). This marks every path in helper
// parameters and hash values strict as well, so a misspelt field is an error wherever it stands.
// Only `if` and `unless` keep their lenient lookup: testing whether an optional field is there is
// what they are for. Plain JavaScript, so the build script (src/build/templates.mjs) shares it.

const LENIENT = new Set(['if', 'unless']);

function mark(node, strict) {
  if (!node || typeof node !== 'object') return;
  switch (node.type) {
    case 'PathExpression':
      if (strict && !node.data && node.parts.length > 0) node.strict = true;
      return;
    case 'SubExpression':
    case 'MustacheStatement':
    case 'BlockStatement':
    case 'DecoratorBlock':
    case 'Decorator':
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const name = node.path && node.path.type === 'PathExpression' ? node.path.original : undefined;
      const paramsStrict = !LENIENT.has(name);
      for (const p of node.params || []) mark(p, paramsStrict);
      for (const pair of (node.hash && node.hash.pairs) || []) mark(pair.value, paramsStrict);
      if (node.program) mark(node.program, false);
      if (node.inverse) mark(node.inverse, false);
      return;
    }
    case 'Program':
      for (const s of node.body) mark(s, false);
      return;
    default:
      return;
  }
}

/** Parse a template and make helper parameters strict; returns the AST for compile/precompile. */
export function parseStrict(handlebars, source) {
  const ast = handlebars.parse(source);
  mark(ast, false);
  return ast;
}
