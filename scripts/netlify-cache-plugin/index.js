// Keeps what a build learnt between Netlify deploys, so a merge that changes one page builds as
// quickly as a local rebuild. Netlify starts every deploy from a fresh clone; this plugin uses
// Netlify's own cache utilities (`utils.cache`, part of Netlify Build: nothing to install) to
// restore, before the build, and save, once the build and deploy have succeeded:
//   .cache/                   what earlier builds parsed and rendered (hub/speed/)
//   public/                   the last output, which the build compares with what it makes
//   .public.spare-<tree id>   the tree that output replaced, which the build takes as its
//                             staging folder; its name changes every build, so the names saved
//                             are listed in .cache/netlify-spares.json and restored from there.
// The build checks everything it restores (by content, and with fingerprints of the code,
// packages, Python and settings): a stale or damaged cache makes a build slower, never wrong.
// It replaces or deletes only folders it made, which hold its marker file; an output saved by a
// build from before the marker has none, so it is put back and then removed here, once: the
// plugin saved it itself, and the build then makes it afresh rather than refusing it.
'use strict'

const fs = require('node:fs')
const path = require('node:path')

const SITE = path.resolve(__dirname, '..', '..') // the repository: build.py's default --site
const CACHE = path.join(SITE, '.cache')
const LIST = path.join(CACHE, 'netlify-spares.json')
// The file the build writes into every folder it makes (OUTPUT_MARKER in hub/speed/hashes.py).
const MARKER = '.asb-hub-output'

// Returns whether `folder` is a folder that the build made: it holds the marker, a plain file.
function isMarked(folder) {
  try {
    return fs.lstatSync(folder).isDirectory() && fs.lstatSync(path.join(folder, MARKER)).isFile()
  } catch {
    return false
  }
}

// Returns the publish folder, a test for its spare copies' names (as hub/speed/outputs.py names
// them; `.deleting` ones are being removed and are never whole), and how to restore and save.
// On Netlify the folders are moved in and out of its cache folder rather than copied: at 4000
// pages they hold some 200 MB in 13,000 files, and copying them each way took about half as long
// as a cold build. Run locally (`netlify build`), they are copied, so public/ stays where it was.
function setting(constants) {
  const publish = path.resolve(SITE, constants.PUBLISH_DIR || 'public')
  const prefix = `.${path.basename(publish)}.spare-`
  const isSpare = (name) => name.startsWith(prefix) && /^[0-9A-Za-z-]+$/.test(name.slice(prefix.length))
  return { publish, isSpare, how: { move: !constants.IS_LOCAL } }
}

// Returns the spare copies now beside `publish`, as absolute paths.
function sparesBeside(publish, isSpare) {
  const folder = path.dirname(publish)
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isSpare(entry.name))
    .map((entry) => path.join(folder, entry.name))
}

// Returns the spare copies the last save listed. Only names that are spare copies' names are
// trusted: restoring a path first deletes whatever is there.
function listedSpares(publish, isSpare) {
  try {
    const names = JSON.parse(fs.readFileSync(LIST, 'utf8')).spares
    return names.filter((name) => typeof name === 'string' && isSpare(name)).map((name) => path.join(path.dirname(publish), name))
  } catch {
    return []
  }
}

const named = (folders) => folders.map((folder) => path.relative(SITE, folder)).join(', ')

module.exports = {
  async onPreBuild({ constants, utils }) {
    const { publish, isSpare, how } = setting(constants)
    if (!(await utils.cache.restore(CACHE, how))) {
      console.log('No build cache saved yet: this build starts cold.')
      return
    }
    const folders = [publish, ...listedSpares(publish, isSpare)]
    const restored = await Promise.all(folders.map((folder) => utils.cache.restore(folder, how)))
    const unmarked = folders.filter((folder, n) => restored[n] && !isMarked(folder))
    for (const folder of unmarked) fs.rmSync(folder, { recursive: true, force: true })
    const kept = folders.filter((folder, n) => restored[n] && !unmarked.includes(folder))
    console.log(`Restored the build cache: .cache/ and ${named(kept) || 'no output'}.`)
    if (unmarked.length) {
      console.log(`Removed ${named(unmarked)}, saved by a build from before it marked its folders: made afresh.`)
    }
  },

  // After the deploy (a move takes public/ away); a failed build or deploy saves nothing, so the
  // cache stays as the last good deploy left it.
  async onSuccess({ constants, utils }) {
    const { publish, isSpare, how } = setting(constants)
    if (!fs.existsSync(CACHE)) {
      console.log('The build left no .cache/ folder: nothing to save.')
      return
    }
    const spares = sparesBeside(publish, isSpare)
    fs.writeFileSync(LIST, `${JSON.stringify({ spares: spares.map((spare) => path.basename(spare)) })}\n`)
    // Spare copies saved by earlier builds are of no use to the next one: drop them, or the
    // cache would grow by a whole site every deploy.
    const cached = await utils.cache.list({ depth: 0 })
    const stale = cached.filter(
      (file) => path.dirname(file) === path.dirname(publish) && isSpare(path.basename(file)) && !spares.includes(file),
    )
    await Promise.all(stale.map((spare) => utils.cache.remove(spare)))
    const folders = [CACHE, publish, ...spares]
    await Promise.all(folders.map((folder) => utils.cache.save(folder, how)))
    console.log(`Saved the build cache: ${named(folders)}.`)
  },
}
