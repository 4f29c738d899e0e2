// The cost of `import "sagepipe"` alone (what every CLI call and Lambda cold start pays first).
import "sagepipe";
