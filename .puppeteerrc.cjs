// pa11y's puppeteer (browser tests, tests/e2e/pa11y.cjs) uses Debian's chromium: never download one.
module.exports = {skipDownload: true};
