package dev.mnist4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTest {
    @Test
    void parsesTheUsualNames() {
        assertThat(Device.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Device.parse("AUTO")).isEqualTo(Device.AUTO);
        assertThat(Device.parse("cuda")).isEqualTo(Device.cuda(0));
        assertThat(Device.parse("cuda:2")).isEqualTo(Device.cuda(2));
        assertThat(Device.parse("gpu:1")).isEqualTo(Device.cuda(1));
        assertThat(Device.cuda(3)).hasToString("cuda:3");
        assertThatThrownBy(() -> Device.parse("tpu")).hasMessageContaining("unknown device 'tpu'");
        assertThatThrownBy(() -> Device.parse("cuda:x")).hasMessageContaining("use cpu, cuda, cuda:N or auto");
    }

    @Test
    void autoPicksTheFirstGpuElseTheCpu() {
        assertThat(Device.AUTO.resolve("b", List.of(Device.CPU))).isEqualTo(Device.CPU);
        assertThat(Device.AUTO.resolve("b", List.of(Device.CPU, Device.cuda(0), Device.cuda(1))))
                .isEqualTo(Device.cuda(0));
    }

    @Test
    void cudaWhereThereIsNoneIsAnErrorNeverAFallBack() {
        assertThatThrownBy(() -> Device.cuda(0).resolve("cpu-ref", List.of(Device.CPU)))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("cuda:0")
                .hasMessageContaining("cpu-ref")
                .hasMessageContaining("no CUDA device");
        assertThatThrownBy(() -> Device.cuda(2).resolve("x", List.of(Device.CPU, Device.cuda(0))))
                .hasMessageContaining("1 CUDA device(s): cuda:0..cuda:0");
        assertThat(Device.cuda(0).resolve("x", List.of(Device.CPU, Device.cuda(0))))
                .isEqualTo(Device.cuda(0));
    }

    @Test
    void aBackendBuiltForCudaOnlyRefusesTheCpuAndAutoTakesItsGpu() {
        List<Device> gpusOnly = List.of(Device.cuda(0), Device.cuda(1));
        assertThatThrownBy(() -> Device.CPU.resolve("dl4j", gpusOnly))
                .isInstanceOf(DeviceUnavailableException.class)
                .hasMessageContaining("runs only on [cuda:0, cuda:1]");
        assertThat(Device.AUTO.resolve("dl4j", gpusOnly)).isEqualTo(Device.cuda(0));
    }
}
