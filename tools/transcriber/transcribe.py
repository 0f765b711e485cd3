#!/usr/bin/env python3
"""Amphi's offline transcriber: faster-whisper (CTranslate2) with the Whisper base model, on the CPU.

    amphi-transcribe --language fr|en [--threads N] <audio file>

prints ONE JSON object on stdout and exits 0:

    {"engine": "...", "language": "fr", "duration": 12.3, "segments": [{"start": 0.0, "end": 2.5, "text": "..."}]}

On error it exits non-zero with a one-line reason on stderr. Progress and library messages go to
stderr only. It never touches the network: the model is read from a local directory
(AMPHI_WHISPER_MODEL_DIR, else ../amphi-whisper-base beside this file, where
scripts/install-transcriber.sh assembles it), and the Hugging Face hub is switched off.

Any other program that follows the same protocol can replace this one (TRANSCRIBER_COMMAND).
"""
import os

# Before faster_whisper (and huggingface_hub) are imported: no lookup on any hub, ever.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

import argparse
import json
import sys
import time

LANGUAGES = ("fr", "en")
MODEL_NAME = "Whisper base (CTranslate2, int8)"


def fail(message: str, code: int = 1) -> "NoReturn":  # noqa: F821
    print(" ".join(str(message).split()) or "transcription failed", file=sys.stderr)
    sys.exit(code)


def model_dir() -> str:
    configured = os.environ.get("AMPHI_WHISPER_MODEL_DIR")
    if configured:
        return configured
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "amphi-whisper-base"))


def main() -> None:
    parser = argparse.ArgumentParser(prog="amphi-transcribe", description="Transcribe an audio file offline; JSON on stdout.")
    parser.add_argument("--language", required=True, choices=LANGUAGES, help="the language spoken (forced, not detected)")
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: every core)")
    # Not part of the protocol: the benchmark's greedy baseline (bench/transcribe.mjs) sets 1.
    parser.add_argument("--beam-size", type=int, default=5, help=argparse.SUPPRESS)
    parser.add_argument("audio", help="the audio (or video) file; anything ffmpeg's libraries read")
    args = parser.parse_args()

    if args.threads < 0 or args.threads > 256:
        fail("--threads must be between 0 and 256")
    if not 1 <= args.beam_size <= 10:
        fail("--beam-size must be between 1 and 10")
    if not os.path.isfile(args.audio):
        fail(f"no such audio file: {args.audio}")
    directory = model_dir()
    if not os.path.isfile(os.path.join(directory, "model.bin")):
        fail(f"the Whisper model is not in {directory} (run scripts/install-transcriber.sh, or set AMPHI_WHISPER_MODEL_DIR)", 3)

    # Whatever a library prints while working must not spoil the JSON: stdout is stderr until the end.
    out = sys.stdout
    sys.stdout = sys.stderr
    try:
        import ctranslate2
        import faster_whisper
        from faster_whisper import WhisperModel
    except ImportError as error:
        fail(f"faster-whisper is not installed in this Python ({error}): run scripts/install-transcriber.sh", 3)

    threads = args.threads or os.cpu_count() or 1
    started = time.monotonic()
    try:
        model = WhisperModel(directory, device="cpu", compute_type="int8", cpu_threads=threads, local_files_only=True)
    except Exception as error:  # a damaged model directory
        fail(f"the Whisper model in {directory} could not be loaded: {error}", 3)
    loaded = time.monotonic()

    try:
        # Beam search (5) at temperature 0, without conditioning on the previous window (a window
        # misheard then does not drag the next ones into the same mistake). Measured on espeak-ng
        # speech: temperature 0 alone sometimes falls into Whisper's loop (one sentence repeated to the
        # end of the window: a French sample's word error rate was 3.8). One fallback, Whisper's own
        # rule (a window whose text compresses more than 2.4 times, or whose mean log-probability is
        # under -1, is decoded again, at temperature 0.5), ends it (0.47) and changes nothing where
        # temperature 0 went well; Whisper's full ladder (0.2 to 1.0) did about as well (0.43) and took
        # three times as long. The sampling's seed is fixed: the same audio gives the same transcript.
        ctranslate2.set_random_seed(0)
        segments, info = model.transcribe(
            args.audio,
            language=args.language,
            task="transcribe",
            beam_size=args.beam_size,
            temperature=[0.0, 0.5],
            compression_ratio_threshold=2.4,
            log_prob_threshold=-1.0,
            condition_on_previous_text=False,
            vad_filter=False,
        )
        lines = []
        for segment in segments:
            text = segment.text.strip()
            if not text:
                continue
            # A loop that got through anyway: the same line again and again is said once.
            if lines and lines[-1]["text"] == text:
                lines[-1]["end"] = round(float(max(segment.end, segment.start)), 3)
                continue
            lines.append({"start": round(float(segment.start), 3), "end": round(float(max(segment.end, segment.start)), 3), "text": text})
            print(f"[{segment.start:8.2f} → {segment.end:8.2f}] {text}", file=sys.stderr)
    except Exception as error:  # not audio, or a file PyAV cannot read
        fail(f"the audio could not be transcribed: {type(error).__name__}: {error}", 2)
    finished = time.monotonic()

    duration = float(info.duration)
    print(
        f"transcribed {duration:.1f} s of audio in {finished - loaded:.1f} s (model loaded in {loaded - started:.1f} s, {threads} threads)",
        file=sys.stderr,
    )
    result = {
        "engine": f"faster-whisper {faster_whisper.__version__}, {MODEL_NAME}",
        "language": args.language,
        "duration": round(duration, 3),
        "segments": lines,
        "seconds": round(finished - started, 3),
        "threads": threads,
    }
    out.write(json.dumps(result, ensure_ascii=False))
    out.write("\n")
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        fail("interrupted", 130)
