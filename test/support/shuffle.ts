export { seededShuffle } from '../../src/demo/random.ts';
