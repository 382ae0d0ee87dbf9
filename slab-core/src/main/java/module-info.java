/*
 * Copyright 2026 the slabcache authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The slab primitive and its vocabulary: {@code SlotSegment}, the providers, the exceptions.
 * <p>
 * Agrona's buffers are in this module's API, so a module that reads this one reads Agrona too. Agrona 2.x is an
 * automatic module ({@code Automatic-Module-Name: org.agrona}); hence the warnings suppressed below, which any module
 * that names an automatic module in its descriptor gets; "module" is for the export to {@code dev.slabcache.master},
 * a module this one cannot see as it compiles. On the module path Agrona needs
 * {@code --add-opens java.base/jdk.internal.misc=org.agrona}.
 */
@SuppressWarnings({ "requires-automatic", "requires-transitive-automatic", "module" })
module dev.slabcache.core
{
    requires transitive org.agrona;

    exports dev.slabcache.core;
    // The check every entry point runs before it touches an Agrona buffer: for the master, not for users.
    exports dev.slabcache.core.internal to dev.slabcache.master;
}
