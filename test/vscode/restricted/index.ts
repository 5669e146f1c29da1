// Mocha entry point for the Restricted Mode suite: the same runner as test/vscode/suite, over
// the *.test.cjs files compiled next to this one (out/test/restricted).
export { run } from '../suite/index';
