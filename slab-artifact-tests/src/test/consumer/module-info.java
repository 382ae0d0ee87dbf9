/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * A user's program on the module path, as ModulePathIT compiles it with {@code -Xlint:all -Werror}: it names only
 * the slabcache module it uses, and reads slab-master, slab-core, Agrona and Micrometer through it.
 */
module dev.slabcache.consumer
{
    requires dev.slabcache.micrometer;
}
