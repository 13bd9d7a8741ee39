// The Vue 3 example: the runtime + compiler build compiles its template
// in the browser, so no Vue plugin is needed.
import { defineConfig, mergeConfig } from 'vite';
import { exampleConfig } from '../vite-shared.js';

export default defineConfig(
  mergeConfig(exampleConfig('vue'), {
    resolve: {
      alias: [{ find: /^vue$/, replacement: 'vue/dist/vue.esm-bundler.js' }],
    },
    define: {
      __VUE_OPTIONS_API__: 'true',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    },
    optimizeDeps: { include: ['vue/dist/vue.esm-bundler.js'] },
  }),
);
