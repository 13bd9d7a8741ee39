/**
 * The close page's script: the package's own `callback.ts`, which the
 * server includes as `dist/callback.js`, loaded here from source.
 */
import '../src/callback.js';
