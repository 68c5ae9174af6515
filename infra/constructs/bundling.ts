// How every function is bundled (esbuild through the CDK's NodejsFunction): one definition for the
// construct, the bundle budget test and the cold-start bench, so what is measured is what is deployed.

/** The Lambda's Node major (FUNCTION_RUNTIME) as esbuild's target. */
export const BUNDLE_TARGET = 'node24';
/** ESM: top-level await and import order as written. */
export const BUNDLE_FORMAT = 'esm';
/** Prefer the packages' ESM builds, which tree-shake. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'];
/** The AWS SDK v3 is in the Lambda runtime (the CDK's default for Node ≥ 18): never bundled. */
export const BUNDLE_EXTERNALS = ['@aws-sdk/*'];
/** ESM bundles of CommonJS dependencies still call require(); give them one. */
export const BUNDLE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
/**
 * Japanese text (the manual's labels and messages) as UTF-8 rather than \uXXXX escapes: half the bytes for
 * every kana and kanji, and the Lambda runtime reads its sources as UTF-8.
 */
export const BUNDLE_CHARSET = 'utf8' as const;
