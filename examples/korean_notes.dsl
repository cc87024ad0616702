---
title: 커널 튜닝 노트
tags: [한국어, notes]
---
// 한국어 주석과 문자열, 이모지 🚀 도 그대로 보존됩니다.
system 노트 {
  knowledge {
    fact 최적_타일 {
      description: "타일 128×128 에서 최고 성능 🚀"
      tflops: 512.5
    }
    hint: "공유 메모리 뱅크 충돌을 먼저 확인하세요"   # 메모: 스위즐 사용
  }
  design_space { 알고리즘: ["기본", "타일링"] }
}
