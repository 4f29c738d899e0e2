// Node's own start for an ES module that imports nothing: the floor of every cold-process figure.
