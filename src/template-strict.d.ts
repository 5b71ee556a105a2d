/** See template-strict.js. */
export declare function parseStrict(handlebars: { parse(source: string): unknown }, source: string): unknown;
