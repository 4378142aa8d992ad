import { axeSuite } from './a11y-axe-suite.ts';

axeSuite('light');
