package dev.agentry.spring.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentry.core.ConfigException;
import org.junit.jupiter.api.Test;

class JacksonAnnotationsCheckTest {

    @Test
    void passesWithTheAnnotationsThisBuildResolves() {
        assertThatCode(() -> JacksonAnnotationsCheck.verify(getClass().getClassLoader())).doesNotThrowAnyException();
    }

    @Test
    void namesTheFixWhenTheAnnotationsAreTooOld() {
        ClassLoader withoutSerializeAs = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.equals(JacksonAnnotationsCheck.NEEDED)) {
                    throw new ClassNotFoundException(name);
                }
                return super.loadClass(name, resolve);
            }
        };

        assertThatThrownBy(() -> JacksonAnnotationsCheck.verify(withoutSerializeAs))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("jackson-annotations 2.21 or later")
                .hasMessageContaining("the class path has jackson-annotations ")
                .hasMessageContaining("dev.agentry:agentry-bom")
                .hasMessageContaining("<jackson-bom.version>2.21.4</jackson-bom.version>");
    }
}
