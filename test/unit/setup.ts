// Node 20 lacks Object.groupBy, which chevrotain calls (see scripts/polyfill-groupby.cjs).
import '../../scripts/polyfill-groupby.cjs';
