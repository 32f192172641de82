// Runs one event of a Netlify build plugin as Netlify Build runs it, without the rest of a build:
// `utils.cache` is Netlify's own cache utilities (@netlify/cache-utils, installed with netlify-cli)
// bound to a cache folder, exactly as Netlify Build binds them for every plugin.
//
//   node tests/support/netlify_plugin.mjs PLUGIN_FOLDER EVENT CACHE_FOLDER [--on-netlify]
//
// Run it in the site folder (the plugin's cwd on Netlify). `--on-netlify` runs it as on Netlify's
// build servers (IS_LOCAL false) rather than as `netlify build` on a developer's machine. The
// tests use it where a whole `netlify build` would only add time, and for what only Netlify's
// servers do; tests/build/test_netlify_deploys.py also runs the real `netlify build`.
import { createRequire } from 'node:module'
import path from 'node:path'

import { bindOpts } from '@netlify/cache-utils'

const [pluginFolder, event, cacheDir, where] = process.argv.slice(2)
const plugin = createRequire(import.meta.url)(path.resolve(pluginFolder, 'index.js'))
await plugin[event]({
  constants: { PUBLISH_DIR: 'public', CACHE_DIR: cacheDir, IS_LOCAL: where !== '--on-netlify' },
  utils: { cache: bindOpts({ cacheDir }) },
})
