// The cost of `import "zod"` alone: sagepipe's peer dependency, which `import "sagepipe"` loads and a
// pipeline file with a property-file schema imports itself. What sagepipe adds is the difference.
import "zod";
