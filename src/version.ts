/** The package version, put in by the build (src/build/bundle.mjs) so it holds wherever dist/ runs. */
declare const __WCECFG_VERSION__: string | undefined;
export const VERSION: string = typeof __WCECFG_VERSION__ === 'string' ? __WCECFG_VERSION__ : '0.0.0-dev';
