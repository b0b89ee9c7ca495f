"""실험 탭의 이름, 버튼, 구역 제목(한국어). lab_en.py와 키가 같습니다."""

STATIC = {
    "tab_classify": "분류", "tab_reconstruct": "재구성", "tab_generate": "생성", "tab_explore": "탐색",
    "tab_timeline": "학습 기록", "tab_compare": "비교", "tab_train_live": "실시간 학습", "tab_about": "소개",
    "tab_upload": "업로드", "tab_draw": "그리기",

    "btn_classify": "분류하기", "btn_classify_drawing": "그림 분류하기",
    "btn_reconstruct_upload": "올린 이미지 재구성", "btn_reconstruct_drawing": "그림 재구성",
    "btn_sample_vae": "VAE에서 샘플 뽑기",
    "btn_random_seed": "무작위 시드", "btn_generate": "생성하기", "btn_discriminate": "판별자에게 묻기",
    "btn_generate_dog": "개 생성하기", "btn_generate_cat": "고양이 생성하기",
    "btn_hold_copy": "이 값을 노이즈 칸에 넣기",
    "btn_interpolate_noise": "노이즈 사이 보간", "btn_interpolate_classes": "클래스 사이 보간",
    "btn_interpolate_images": "VAE로 이미지 사이 보간", "btn_latent_map": "지도 보기",
    "btn_decode_latent": "이 점 디코딩",
    "btn_timeline": "보기", "btn_compare": "비교하기",
    "btn_live_start": "시작", "btn_live_pause": "일시 정지", "btn_live_resume": "이어서", "btn_live_reset": "처음으로",
    "btn_live_step_d": "D 한 걸음", "btn_live_step_g": "G 한 걸음",
    "btn_vae_start": "VAE 시작", "btn_vae_pause": "VAE 일시 정지", "btn_vae_resume": "VAE 이어서",

    "acc_log_p": "원본 결과: 클래스별 log p(x|클래스), nat 단위",
    "acc_generate_raw": "/generate 원본 결과 (API 클라이언트가 받는 값)",
    "acc_discriminate_raw": "/discriminate 원본 결과",
    "acc_latent_map_raw": "/latent_map 원본 결과",
    "acc_decode_latent_raw": "/decode_latent 원본 결과",
    "acc_timeline_raw": "/training_timeline 원본 결과",
    "acc_compare_raw": "/compare 원본 요약",
}
