package org.galaxyparams.net;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DjlRuntimeTest {
    /**
     * Thread counts asked for after the engine has started reach PyTorch: a command run second in a Fiji or test
     * JVM gets the count it asks for, not the first command's (training checks that compare runs depend on it).
     */
    @Test
    void threadCountsTakeEffectAfterTheEngineStarted() {
        DjlRuntime.engine();
        int before = JniUtils.getNumThreads();
        try {
            DjlRuntime.configureThreads(1);
            assertEquals(1, JniUtils.getNumThreads());
            DjlRuntime.configureThreads(2);
            assertEquals(2, JniUtils.getNumThreads());
            DjlRuntime.configureThreads(0);
            assertEquals(Runtime.getRuntime().availableProcessors(), JniUtils.getNumThreads(), "0 means one per core");
        } finally {
            JniUtils.setNumThreads(before);
        }
    }
}
