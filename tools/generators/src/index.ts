export { elementGenerator, type ElementGeneratorSchema } from './generators/element/generator';
export { resourceGenerator, type ResourceGeneratorSchema } from './generators/resource/generator';
